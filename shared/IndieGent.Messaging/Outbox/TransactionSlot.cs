using Marten;

namespace IndieGent.Messaging.Outbox;

/// <summary>
/// Per DI scope: the Marten session bound to the consumer outbox's open transaction, while a
/// message is being consumed. <see cref="MessagingSessionFactory"/> hands it out as the scope's
/// <see cref="IDocumentSession"/>, so consumers, the saga repository and the outbox all write
/// into one transaction.
/// </summary>
internal sealed class TransactionSlot
{
    public IDocumentSession? Session { get; set; }
}
