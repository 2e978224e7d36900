using IndieGent.Wallet.Agents;

namespace IndieGent.Wallet.Api.Apis;

/// <summary>An agent as callers see it: public fields only.</summary>
public sealed record AgentView(Guid Id, Guid OperatorId, string Name, string WalletAddress, bool Disabled, DateTimeOffset CreatedAt)
{
    public static AgentView From(Agent agent) =>
        new(agent.Id, agent.OperatorId, agent.Name, agent.WalletAddress, agent.Disabled, agent.CreatedAt);
}
