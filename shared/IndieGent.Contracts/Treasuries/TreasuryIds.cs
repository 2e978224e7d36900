using IndieGent.Contracts.Idempotency;

namespace IndieGent.Contracts.Treasuries;

/// <summary>
/// An operator's treasury id, derived from the operator id: every service (and every replica racing
/// to create it) names the same treasury without asking the Wallet, and an operator has exactly one.
/// </summary>
public static class TreasuryIds
{
    public static Guid Of(Guid operatorId) => IdempotentIds.From(operatorId, "indiegent/treasury/v1");
}
