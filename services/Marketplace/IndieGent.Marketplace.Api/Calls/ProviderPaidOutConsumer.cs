using IndieGent.Contracts.Marketplace;
using IndieGent.Marketplace.Api.Catalog;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Marketplace.Api.Calls;

/// <summary>
/// Records each confirmed payout once (its id is the payout's), so a provider sees what it was paid and by which transaction.
/// A payout whose transaction left the chain is confirmed again by a later announcement; one older than that news changes nothing.
/// </summary>
public sealed class ProviderPaidOutConsumer : IConsumer<ProviderPaidOut>
{
    public async Task Consume(ConsumeContext<ProviderPaidOut> context)
    {
        var m = context.Message;
        var session = context.ConsumeSession();
        if (await session.LoadAsync<PayoutRecord>(m.PayoutId, context.CancellationToken) is { LeftChainAt: { } left } && left >= m.At)
            return;
        session.Store(new PayoutRecord
        {
            Id = m.PayoutId, PayoutAddress = m.PayoutAddress.ToLowerInvariant(), Amount = m.Amount, TxHash = m.TxHash, BlockNumber = m.BlockNumber, At = m.At,
        });
    }
}
