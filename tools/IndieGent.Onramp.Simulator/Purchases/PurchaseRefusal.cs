namespace IndieGent.Onramp.Simulator.Purchases;

/// <summary>Why "Pay" produced no transaction.</summary>
public enum PurchaseRefusal
{
    None,

    /// <summary>The session's single-use URL was used already.</summary>
    AlreadyUsed,

    /// <summary>The session had no amount and none valid was entered at checkout.</summary>
    AmountMissing,
}
