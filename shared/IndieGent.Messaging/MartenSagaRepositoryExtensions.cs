using IndieGent.Messaging.Sagas;
using Marten;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IndieGent.Messaging;

/// <summary>Stores MassTransit sagas as Marten documents.</summary>
public static class MartenSagaRepositoryExtensions
{
    /// <summary>
    /// Stores <typeparamref name="T"/> instances as Marten documents in the service's schema,
    /// identified by CorrelationId, with optimistic concurrency: a message that changes a saga
    /// another message changed since it was read fails, and the endpoint's retry runs it again on
    /// the fresh state. With <see cref="IndieGentMessagingOptions.UseMartenOutbox"/> the saga's
    /// state commits in the consume's transaction, with the messages it publishes and schedules;
    /// without it, each change commits on its own and messages go straight to the broker.
    /// </summary>
    /// <param name="configurator">From <c>AddSagaStateMachine&lt;TMachine, T&gt;()</c> or <c>AddSaga&lt;T&gt;()</c>.</param>
    /// <param name="configure">More mapping for the saga document, e.g. indexes for correlated properties.</param>
    public static ISagaRegistrationConfigurator<T> MartenRepository<T>(
        this ISagaRegistrationConfigurator<T> configurator, Action<MartenRegistry.DocumentMappingExpression<T>>? configure = null)
        where T : class, ISaga
    {
        ArgumentNullException.ThrowIfNull(configurator);
        configurator.Repository(repository =>
        {
            repository.AddSingleton<IConfigureMarten>(new MartenSagaSchema<T>(configure));
            repository.RegisterLoadSagaRepository<T, MartenSagaRepositoryContextFactory<T>>();
            repository.RegisterQuerySagaRepository<T, MartenSagaRepositoryContextFactory<T>>();
            repository.RegisterSagaRepository<T, IDocumentSession, SagaConsumeContextFactory<IDocumentSession, T>,
                MartenSagaRepositoryContextFactory<T>>();
        });
        return configurator;
    }
}
