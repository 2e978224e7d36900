using IndieGent.Chain;
using IndieGent.Contracts.Agents;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Funding.Api.Wallets;

/// <summary>A new agent: its wallet can be funded. Idempotent (the agent id is the document id).</summary>
public sealed class AgentCreatedConsumer : IConsumer<AgentCreated>
{
    public Task Consume(ConsumeContext<AgentCreated> context)
    {
        var m = context.Message;
        context.ConsumeSession().Store(new FundedWallet(m.AgentId, m.OperatorId, EvmAddress.Parse(m.WalletAddress).ToLowerHex(), m.At));
        return Task.CompletedTask;
    }
}
