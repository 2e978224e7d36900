namespace IndieGent.Funding.Deposits;

/// <summary>Where a deposit to an agent's wallet stands, as the operator sees it.</summary>
public enum DepositStatus
{
    /// <summary>Mined, not yet as deep as the configured confirmations: not spendable, not credited.</summary>
    PendingConfirmations,

    /// <summary>The Ledger credited it (once, by its chain id): spendable.</summary>
    Credited,
}
