namespace IndieGent.Contracts.Agents;

/// <summary>Wallet created an agent and its custodial wallet; the Ledger opens its account.</summary>
public sealed record AgentCreated(Guid AgentId, Guid OperatorId, string Name, string WalletAddress, DateTimeOffset At)
    : ICorrelatedMessage
{
    public Guid CorrelationId => AgentId;
}
