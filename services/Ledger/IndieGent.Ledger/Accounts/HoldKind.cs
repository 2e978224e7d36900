namespace IndieGent.Ledger.Accounts;

/// <summary>What a hold is for. Only a payment is spending: a transfer counts toward no budget and no policy applies to it.</summary>
public enum HoldKind
{
    /// <summary>A payment to a merchant, settled on chain.</summary>
    Payment,

    /// <summary>A transfer between the operator's own wallets (treasury ↔ agent).</summary>
    Transfer,

    /// <summary>
    /// A marketplace call: spending like a payment (every rule applies), settled inside the ledger to
    /// the provider's account; the agent's wallet pays it on chain later, in a net sweep.
    /// </summary>
    Marketplace,
}

public static class HoldKinds
{
    /// <summary>Whether the hold is the agent's spending: it counts toward budgets (a transfer does not).</summary>
    public static bool IsSpending(this HoldKind kind) => kind != HoldKind.Transfer;
}
