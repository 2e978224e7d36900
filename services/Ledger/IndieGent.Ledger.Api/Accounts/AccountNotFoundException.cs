namespace IndieGent.Ledger.Api.Accounts;

/// <summary>No account stream exists for the agent.</summary>
public sealed class AccountNotFoundException(Guid agentId) : Exception($"The agent {agentId} has no ledger account.")
{
    public Guid AgentId { get; } = agentId;
}
