namespace IndieGent.Sdk.Marketplace;

/// <summary>What a marketplace call cost the agent.</summary>
public enum MarketplaceChargeStatus
{
    /// <summary>Nothing: an external service answered without asking for payment.</summary>
    NotCharged,

    /// <summary>A proxied call's price was taken from the wallet (<c>IndieGent-Charge-Status: captured</c>).</summary>
    Captured,

    /// <summary>
    /// A proxied call's price is held and the platform has not confirmed the outcome yet
    /// (<c>pending</c>); the hold is settled or released by the ledger later.
    /// </summary>
    Pending,

    /// <summary>A proxied call's price was released because the provider failed (<c>voided</c>; see <see cref="MarketplaceCallRefundedException"/>).</summary>
    Voided,

    /// <summary>An external service's 402 was paid through the agent's payer (see <see cref="MarketplaceResponse.Payment"/>).</summary>
    Paid,
}
