namespace IndieGent.Onramp.Simulator.Purchases;

/// <summary>The transaction a "Pay" produced (final: success or failed), or the refusal.</summary>
public sealed record PurchaseOutcome(OnrampTransaction? Transaction, PurchaseRefusal Refusal)
{
    public static PurchaseOutcome Refused(PurchaseRefusal refusal) => new(null, refusal);
}
