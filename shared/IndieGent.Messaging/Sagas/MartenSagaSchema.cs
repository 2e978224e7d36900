using Marten;
using Marten.Schema.Identity;
using MassTransit;

namespace IndieGent.Messaging.Sagas;

/// <summary>
/// Maps a saga as a Marten document in the service's schema: identified by its CorrelationId, with
/// Marten's optimistic concurrency, so an update based on a stale read fails instead of overwriting.
/// </summary>
internal sealed class MartenSagaSchema<TSaga>(Action<MartenRegistry.DocumentMappingExpression<TSaga>>? configure) : IConfigureMarten
    where TSaga : class, ISaga
{
    public void Configure(IServiceProvider services, StoreOptions options)
    {
        var mapping = options.Schema.For<TSaga>()
            .Identity(x => x.CorrelationId)
            .IdStrategy(new NoOpIdGeneration())
            .UseOptimisticConcurrency(true);
        configure?.Invoke(mapping);
    }
}
