namespace IndieGent.Ledger.Accounts;

/// <summary>What a hold is for. Only a payment is spending: a transfer counts toward no budget and no policy applies to it.</summary>
public enum HoldKind
{
    /// <summary>A payment (or a marketplace call) to a merchant.</summary>
    Payment,

    /// <summary>A transfer between the operator's own wallets (treasury ↔ agent).</summary>
    Transfer,
}
