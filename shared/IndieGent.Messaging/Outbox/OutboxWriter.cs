using Marten;
using Marten.Services;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndieGent.Messaging.Outbox;

/// <summary>
/// Per DI scope: queues outbox rows and scheduled-message cancellations into the scope's Marten
/// session, so they commit with whatever else that session saves, or not at all.
/// </summary>
internal sealed partial class OutboxWriter(
    IServiceProvider services, OutboxTables tables, OutboxSignal signal, TransactionSlot slot, TimeProvider time,
    ILogger<OutboxWriter> logger) : IDisposable
{
    private readonly OutboxSignal _signal = signal;
    private readonly TransactionSlot _slot = slot;
    private readonly Lock _gate = new();
    private IDocumentSession? _session;
    private int _unsaved;

    // Resolved on first use: inside a consume that is after the outbox bound the session to its transaction.
    private IDocumentSession Session
    {
        get
        {
            if (_session is null)
            {
                _session = services.GetRequiredService<IDocumentSession>();
                _session.Listeners.Add(new CommitListener(this));
            }

            return _session;
        }
    }

    /// <summary>Stores a send the outbox intercepted (a publish, a send, a response or a scheduled message).</summary>
    public void Add<T>(SendContext<T> context)
        where T : class
    {
        var row = OutboxRow.From(context, time.GetUtcNow());
        // Consumers may publish concurrently; a Marten session is not thread-safe.
        lock (_gate)
        {
            Session.QueueSqlCommand(tables.InsertOutbox, row.ToParameters()!);
            _unsaved++;
        }
    }

    /// <summary>Deletes a scheduled message that has not been relayed yet; a relayed one is ignored by its token.</summary>
    public void Cancel(Guid tokenId)
    {
        lock (_gate)
            Session.QueueSqlCommand(tables.CancelScheduled, tokenId);
    }

    public void Dispose()
    {
        // A consumer's failure rolls its rows back on purpose; outside a consume, rows that were
        // never saved are a bug in the caller (it published through the bus outbox but did not save).
        if (_unsaved > 0 && _slot.Session is null)
            LogUnsaved(_unsaved);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Count} message(s) published through the bus outbox were discarded: the scope's IDocumentSession was never saved after publishing")]
    private partial void LogUnsaved(int count);

    private sealed class CommitListener(OutboxWriter writer) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            // Inside a consume this is a flush into the open transaction; the outbox signals after its commit.
            if (writer._unsaved > 0 && writer._slot.Session is null)
            {
                writer._unsaved = 0;
                writer._signal.Notify();
            }

            return Task.CompletedTask;
        }
    }
}
