using Marten;

namespace IndieGent.Funding.Api.Onramp;

/// <summary>
/// What Funding knows about one chain transaction (id = its hash, lower case): the order Coinbase
/// said it delivered, and the deposit the Ledger credited from it. The webhook and the credit may
/// arrive in either order and at the same moment; both write this one document under optimistic
/// concurrency, so the second to commit always sees the first and completes the order.
/// </summary>
public sealed class TransactionLink
{
    public string Id { get; set; } = "";

    public Guid? OrderId { get; set; }

    public Guid? AgentId { get; set; }

    public string? DepositId { get; set; }

    /// <summary>The Ledger credited <paramref name="depositId"/> from <paramref name="txHash"/>; completes the order linked to it, if any.</summary>
    public static async Task DepositCreditedAsync(IDocumentSession session, string txHash, Guid agentId, string depositId, DateTimeOffset now,
        CancellationToken ct)
    {
        var link = await LoadAsync(session, txHash, ct);
        // One order per transaction: the first credited deposit to the order's wallet completes it.
        if (link.DepositId is not null)
            return;
        link.AgentId = agentId;
        link.DepositId = depositId;
        Write(session, link);
        if (link.OrderId is { } orderId && await session.LoadAsync<OnrampOrder>(orderId, ct) is { } order && order.Complete(agentId, depositId, now))
            session.Store(order);
    }

    /// <summary>Coinbase said <paramref name="order"/> was delivered by <paramref name="txHash"/>; completes it when the deposit is already credited.</summary>
    public static async Task OrderDeliveredAsync(IDocumentSession session, OnrampOrder order, string txHash, DateTimeOffset now, CancellationToken ct)
    {
        var link = await LoadAsync(session, txHash, ct);
        if (link.OrderId is null)
        {
            link.OrderId = order.Id;
            Write(session, link);
        }

        if (link.OrderId == order.Id && link.DepositId is { } depositId && link.AgentId is { } agentId)
            order.Complete(agentId, depositId, now);
    }

    // A link read from the database carries its version: storing it fails if another writer moved
    // it meanwhile. A new one is inserted, which fails if another writer created it meanwhile.
    private bool _stored;

    private static async Task<TransactionLink> LoadAsync(IDocumentSession session, string txHash, CancellationToken ct)
    {
        if (await session.LoadAsync<TransactionLink>(txHash.ToLowerInvariant(), ct) is { } stored)
        {
            stored._stored = true;
            return stored;
        }

        return new TransactionLink { Id = txHash.ToLowerInvariant() };
    }

    private static void Write(IDocumentSession session, TransactionLink link)
    {
        if (link._stored)
            session.Store(link);
        else
            session.Insert(link);
    }
}
