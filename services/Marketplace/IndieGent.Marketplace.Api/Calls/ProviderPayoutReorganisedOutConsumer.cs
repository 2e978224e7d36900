using IndieGent.Contracts.Marketplace;
using IndieGent.Marketplace.Api.Catalog;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Marketplace.Api.Calls;

/// <summary>
/// Takes back a payout whose transaction left the chain: the provider no longer sees it as paid until the Ledger confirms it
/// again. The two announcements may arrive in either order; each carries when the Ledger booked it, and the newer one stands.
/// </summary>
public sealed class ProviderPayoutReorganisedOutConsumer : IConsumer<ProviderPayoutReorganisedOut>
{
    public async Task Consume(ConsumeContext<ProviderPayoutReorganisedOut> context)
    {
        var m = context.Message;
        var session = context.ConsumeSession();
        var record = await session.LoadAsync<PayoutRecord>(m.PayoutId, context.CancellationToken);
        if (record is not null && record.At > m.At)
            return;
        record ??= new PayoutRecord { Id = m.PayoutId, PayoutAddress = m.PayoutAddress.ToLowerInvariant(), Amount = m.Amount, TxHash = m.TxHash, At = m.At };
        record.LeftChainAt = m.At;
        session.Store(record);
    }
}
