using Marten;
using Marten.Services;
using Marten.Storage;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IndieGent.Messaging.Outbox;

/// <summary>
/// Runs one consume inside one PostgreSQL transaction: claims the message in the inbox, binds the
/// scope's Marten session to the transaction, and hands MassTransit's outbox pipe a
/// <see cref="MartenOutboxConsumeContext{TMessage}"/> that commits when the consumer is done.
/// </summary>
/// <remarks>
/// The claim is an <c>INSERT … ON CONFLICT DO NOTHING</c> on (message id, consumer id): a duplicate
/// delivered while the first is still being consumed waits for the first's outcome instead of
/// running the consumer twice. Consumers may call <c>SaveChangesAsync</c> themselves (for example
/// through <c>WriteToAggregate</c>): with the session bound to this transaction it only flushes.
/// </remarks>
internal sealed class MartenOutboxContextFactory(
    IServiceProvider scope, IDocumentStore store, TransactionSlot slot, OutboxWriter writer, OutboxTables tables,
    OutboxSignal signal, OutboxConsumeGate gate, TimeProvider time) : IOutboxContextFactory<MartenOutbox>
{
    public async Task Send<T>(ConsumeContext<T> context, OutboxConsumeOptions options, IPipe<OutboxConsumeContext<T>> next)
        where T : class
    {
        var messageId = context.GetOriginalMessageId() ?? throw new MessageException(typeof(T), "MessageId required to use the outbox");
        var cancellationToken = context.CancellationToken;

        using var admitted = await gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = store.Storage.Database.CreateConnection(ConnectionUsage.ReadWrite);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        MartenOutboxConsumeContext<T> outboxContext;
        if (await ClaimAsync(connection, transaction, messageId, options.ConsumerId, cancellationToken).ConfigureAwait(false))
        {
            slot.Session = store.LightweightSession(SessionOptions.ForTransaction(transaction, shouldAutoCommit: false));
            // The consumer gets its IDocumentSession from this scope: it must be the bound one, or its
            // writes would commit on their own, outside the outbox.
            if (!ReferenceEquals(scope.GetRequiredService<IDocumentSession>(), slot.Session))
            {
                throw new InvalidOperationException(
                    "The Marten outbox needs the scope's IDocumentSession to come from AddIndieGentMarten " +
                    "(its session factory binds the session to the consume's transaction).");
            }

            outboxContext = new MartenOutboxConsumeContext<T>(context, options, scope, writer, signal, slot.Session, transaction);
        }
        else
        {
            // Consumed and committed before: let MassTransit's pipe acknowledge it without running the consumer.
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            outboxContext = new MartenOutboxConsumeContext<T>(context, options, scope, writer, signal, null, null);
        }

        // A failure anywhere leaves the transaction uncommitted; disposing it rolls everything back.
        while (outboxContext.ContinueProcessing)
            await next.Send(outboxContext).ConfigureAwait(false);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("martenOutboxContextFactory");

    private async Task<bool> ClaimAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid messageId, Guid consumerId, CancellationToken cancellationToken)
    {
        await using var claim = new NpgsqlCommand(tables.ClaimInbox, connection, transaction)
        {
            Parameters =
            {
                new() { Value = messageId },
                new() { Value = consumerId },
                new() { Value = time.GetUtcNow() },
            },
        };
        return await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
