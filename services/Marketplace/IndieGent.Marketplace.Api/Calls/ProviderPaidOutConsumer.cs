using IndieGent.Contracts.Marketplace;
using IndieGent.Marketplace.Api.Catalog;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Marketplace.Api.Calls;

/// <summary>Records each confirmed payout once (its id is the payout's), so a provider sees what it was paid and by which transaction.</summary>
public sealed class ProviderPaidOutConsumer : IConsumer<ProviderPaidOut>
{
    public Task Consume(ConsumeContext<ProviderPaidOut> context)
    {
        var m = context.Message;
        context.ConsumeSession().Store(new PayoutRecord
        {
            Id = m.PayoutId, PayoutAddress = m.PayoutAddress.ToLowerInvariant(), Amount = m.Amount, TxHash = m.TxHash, BlockNumber = m.BlockNumber, At = m.At,
        });
        return Task.CompletedTask;
    }
}
