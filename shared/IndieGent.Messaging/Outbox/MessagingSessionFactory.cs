using Marten;

namespace IndieGent.Messaging.Outbox;

/// <summary>
/// Opens the scope's <see cref="IDocumentSession"/>: the consumer outbox's transaction-bound session
/// inside a consume, otherwise a lightweight session as before. Query sessions are never
/// transaction-bound: they read committed data.
/// </summary>
internal sealed class MessagingSessionFactory(IDocumentStore store, TransactionSlot slot) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession() => slot.Session ?? store.LightweightSession();
}
