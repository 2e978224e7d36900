using IndieGent.Chain;
using IndieGent.Contracts.Treasuries;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Funding.Api.Wallets;

/// <summary>A new operator treasury: it is funded by deposit like an agent's wallet. Idempotent (the treasury id is the document id).</summary>
public sealed class TreasuryCreatedConsumer : IConsumer<TreasuryCreated>
{
    public Task Consume(ConsumeContext<TreasuryCreated> context)
    {
        var m = context.Message;
        context.ConsumeSession().Store(new FundedWallet(m.TreasuryId, m.OperatorId, EvmAddress.Parse(m.WalletAddress).ToLowerHex(), m.At, IsTreasury: true));
        return Task.CompletedTask;
    }
}
