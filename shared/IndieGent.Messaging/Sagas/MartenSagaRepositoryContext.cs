using Marten;
using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace IndieGent.Messaging.Sagas;

/// <summary>
/// Saga persistence for one message, on the scope's Marten session. Inside the Marten outbox the
/// changes are only queued and commit with the consume's transaction; otherwise each change is
/// saved at once.
/// </summary>
/// <remarks>
/// Every change to an existing saga is version-checked (Marten optimistic concurrency): a message
/// that read a state another message has since changed fails with a concurrency exception, and the
/// endpoint's retry runs it again on the fresh state. A new saga is inserted, never upserted: two
/// messages creating the same saga at once make the second fail, and its retry finds the first's.
/// </remarks>
internal sealed class MartenSagaRepositoryContext<TSaga, TMessage> : ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga
    where TMessage : class
{
    private readonly IDocumentSession _session;
    private readonly ConsumeContext<TMessage> _context;
    private readonly ISagaConsumeContextFactory<IDocumentSession, TSaga> _factory;
    private readonly string _tableName;
    private readonly bool _saveEachChange;

    public MartenSagaRepositoryContext(
        IDocumentSession session, ConsumeContext<TMessage> context, ISagaConsumeContextFactory<IDocumentSession, TSaga> factory,
        string tableName, bool saveEachChange)
        : base(context)
    {
        _session = session;
        _context = context;
        _factory = factory;
        _tableName = tableName;
        _saveEachChange = saveEachChange;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        _factory.CreateSagaConsumeContext(_session, consumeContext, instance, mode);

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        _factory.CreateSagaConsumeContext(_session, _context, instance, SagaConsumeContextMode.Add);

    // Pre-inserting would need its own commit (or a savepoint) ahead of the consume; returning
    // nothing makes MassTransit load instead, and a racing creation is settled by Save's insert.
    public Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance) =>
        Task.FromResult<SagaConsumeContext<TSaga, TMessage>>(null!);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await _session.LoadAsync<TSaga>(correlationId, CancellationToken).ConfigureAwait(false);
        return instance is null
            ? null!
            : await _factory.CreateSagaConsumeContext(_session, _context, instance, SagaConsumeContextMode.Load).ConfigureAwait(false);
    }

    public Task Save(SagaConsumeContext<TSaga> context)
    {
        _session.Insert(context.Saga);
        return SaveAsync();
    }

    public Task Update(SagaConsumeContext<TSaga> context)
    {
        _session.Update(context.Saga);
        return SaveAsync();
    }

    public Task Delete(SagaConsumeContext<TSaga> context)
    {
        // Marten does not version-check deletes: the version-checked update locks the row and fails
        // on a stale read, and the delete after it (same batch, same transaction) removes the row.
        _session.Update(context.Saga);
        _session.QueueSqlCommand($"DELETE FROM {_tableName} WHERE id = ?", context.Saga.CorrelationId);
        return SaveAsync();
    }

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        _session.Eject(context.Saga);
        return Task.CompletedTask;
    }

    private Task SaveAsync() => _saveEachChange ? _session.SaveChangesAsync(CancellationToken) : Task.CompletedTask;
}
