using Marten;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using Npgsql;

namespace IndieGent.Messaging.Outbox;

/// <summary>
/// The consume context a consumer or saga sees inside the Marten outbox. MassTransit's proxy routes
/// every publish, send, response and schedule to <see cref="AddSend{T}"/>; this class stores them
/// in the consume's transaction and commits that transaction once the consumer is done.
/// </summary>
/// <remarks>
/// Stored messages are relayed by <see cref="OutboxDeliveryService"/> after the commit, not inline
/// by this endpoint, so the outbox is always "delivered" from MassTransit's point of view: a crash
/// after the commit leaves the rows for the relay, and the inbox row makes a redelivery a no-op.
/// </remarks>
internal sealed class MartenOutboxConsumeContext<TMessage> : OutboxConsumeContextProxy<TMessage>, IMartenOutboxConsumeContext
    where TMessage : class
{
    private readonly IDocumentSession? _session;
    private readonly NpgsqlTransaction? _transaction;
    private readonly OutboxSignal _signal;
    private bool _consumed;

    // session and transaction are null when the message was consumed before: nothing is run or committed.
    public MartenOutboxConsumeContext(
        ConsumeContext<TMessage> context, OutboxConsumeOptions options, IServiceProvider provider, OutboxWriter writer,
        OutboxSignal signal, IDocumentSession? session, NpgsqlTransaction? transaction)
        : base(context, options, provider)
    {
        Writer = writer;
        _signal = signal;
        _session = session;
        _transaction = transaction;
        _consumed = transaction is null;
    }

    public OutboxWriter Writer { get; }

    public IDocumentSession? Session => _session;

    public override bool ContinueProcessing { get; set; } = true;

    public override bool IsMessageConsumed => _consumed;

    public override bool IsOutboxDelivered => true;

    public override int ReceiveCount => 1;

    public override long? LastSequenceNumber => null;

    /// <summary>
    /// Called once the consumer (and its pending publishes) completed: saga state, Marten events and
    /// documents, outbox rows and the inbox claim commit together here, or not at all.
    /// </summary>
    public override async Task SetConsumed()
    {
        if (_session is null || _transaction is null)
            throw new InvalidOperationException("A message consumed before cannot be consumed again.");

        await _session.SaveChangesAsync(CancellationToken).ConfigureAwait(false);
        await _transaction.CommitAsync(CancellationToken).ConfigureAwait(false);
        _consumed = true;
        _signal.Notify();
    }

    public override Task SetDelivered() => Task.CompletedTask;

    public override Task<List<OutboxMessageContext>> LoadOutboxMessages() => Task.FromResult(new List<OutboxMessageContext>());

    public override Task NotifyOutboxMessageDelivered(OutboxMessageContext message) => Task.CompletedTask;

    public override Task RemoveOutboxMessages() => Task.CompletedTask;

    public override Task AddSend<T>(SendContext<T> context)
    {
        Writer.Add(context);
        return Task.CompletedTask;
    }
}
