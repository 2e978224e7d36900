using IndieGent.Chain;
using IndieGent.Contracts.Agents;
using IndieGent.Settlement.Api.Deposits;
using Marten;
using MassTransit;

namespace IndieGent.Settlement.Api.Consumers;

/// <summary>A new agent wallet: watch it for deposits. Idempotent (the address is the document id).</summary>
public sealed class AgentCreatedConsumer(IDocumentSession session) : IConsumer<AgentCreated>
{
    public async Task Consume(ConsumeContext<AgentCreated> context)
    {
        var address = EvmAddress.Parse(context.Message.WalletAddress).ToLowerHex();
        session.Store(new WatchedAddress(address, context.Message.AgentId, context.Message.At));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
