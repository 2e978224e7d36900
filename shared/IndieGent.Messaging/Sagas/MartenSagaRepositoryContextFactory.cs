using IndieGent.Messaging.Outbox;
using Marten;
using MassTransit;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Messaging.Sagas;

/// <summary>
/// MassTransit's entry point to the Marten saga repository, resolved from the message's DI scope.
/// Under the Marten outbox that scope's session is bound to the consume's transaction, so saga
/// state, events the saga's activities append, and the messages it publishes commit together.
/// </summary>
internal sealed class MartenSagaRepositoryContextFactory<TSaga>(
    IServiceProvider scope, IDocumentStore store, ISagaConsumeContextFactory<IDocumentSession, TSaga> factory)
    : ISagaRepositoryContextFactory<TSaga>, IQuerySagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga
{
    private readonly string _tableName = store.Options.FindOrResolveDocumentType(typeof(TSaga)).TableName.QualifiedName;

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class =>
        next.Send(CreateContext(context));

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        var repositoryContext = CreateContext(context);
        var session = scope.GetRequiredService<IDocumentSession>();
        var instances = await session.Query<TSaga>().Where(query.FilterExpression).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances)).ConfigureAwait(false);
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        ExecuteAsync(asyncMethod, cancellationToken);

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        ExecuteAsync(asyncMethod, cancellationToken);

    public void Probe(ProbeContext context) => context.Add("persistence", "marten");

    private MartenSagaRepositoryContext<TSaga, T> CreateContext<T>(ConsumeContext<T> context)
        where T : class
    {
        var inOutbox = context.TryGetPayload<IMartenOutboxConsumeContext>(out _);
        return new MartenSagaRepositoryContext<TSaga, T>(
            scope.GetRequiredService<IDocumentSession>(), context, factory, _tableName, saveEachChange: !inOutbox);
    }

    private async Task<T> ExecuteAsync<T>(Func<MartenSagaQueryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await asyncMethod(new MartenSagaQueryContext<TSaga>(session, cancellationToken)).ConfigureAwait(false);
    }
}
