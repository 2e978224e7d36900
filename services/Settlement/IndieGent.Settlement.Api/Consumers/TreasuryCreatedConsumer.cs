using IndieGent.Chain;
using IndieGent.Contracts.Treasuries;
using IndieGent.Settlement.Api.Deposits;
using Marten;
using MassTransit;

namespace IndieGent.Settlement.Api.Consumers;

/// <summary>A new treasury wallet: watch it for deposits like an agent's. Idempotent (the address is the document id).</summary>
public sealed class TreasuryCreatedConsumer(IDocumentSession session) : IConsumer<TreasuryCreated>
{
    public async Task Consume(ConsumeContext<TreasuryCreated> context)
    {
        var address = EvmAddress.Parse(context.Message.WalletAddress).ToLowerHex();
        session.Store(new WatchedAddress(address, context.Message.TreasuryId, context.Message.At));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
