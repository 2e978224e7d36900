using IndieGent.Contracts.Idempotency;

namespace IndieGent.Ledger.Accounts;

/// <summary>
/// A sweep's id (also its transfer's and its EIP-3009 nonce's seed), derived from the agent and the
/// sweep's number: two replicas starting the agent's next sweep name the same one.
/// </summary>
public static class SweepIds
{
    public static Guid For(Guid agentId, int number) => IdempotentIds.From(agentId, $"indiegent/marketplace-sweep/v1/{number}");
}
