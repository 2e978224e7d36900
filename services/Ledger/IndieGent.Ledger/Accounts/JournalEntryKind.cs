namespace IndieGent.Ledger.Accounts;

public enum JournalEntryKind
{
    /// <summary>Funds arrived on chain (deposit or top-up): custody → agent.</summary>
    Credit,

    /// <summary>Funds reserved for a payment: agent → pending (a hold).</summary>
    HoldPlaced,

    /// <summary>The payment settled: pending → merchant (the posted debit).</summary>
    HoldCaptured,

    /// <summary>The payment will not settle: pending → agent.</summary>
    HoldVoided,

    /// <summary>A provider was paid out on chain: provider → its address.</summary>
    Payout,

    /// <summary>A credit taken back because its deposit left the chain (a reorganisation): agent → custody.</summary>
    CreditReversed,

    /// <summary>A capture whose transaction left the chain (a reorganisation): merchant → pending, held again.</summary>
    CaptureReopened,

    /// <summary>A payout whose transaction left the chain (a reorganisation): its address → the provider, owed again until paid anew.</summary>
    PayoutReopened,
}
