namespace IndieGent.Onramp.Simulator.Sessions;

/// <summary>
/// The simulator's price of USDC bought with USD: a rate of 1, an exchange fee of 1 % of the
/// amount it is charged on (rounded up to the cent) and a flat network fee of 0.10 USD. Coinbase's
/// real fees vary by user, method and country; a fixed rule keeps tests exact.
/// </summary>
public static class FeeSchedule
{
    public const decimal ExchangeRate = 1m;
    public const decimal ExchangeFeeRate = 0.01m;
    public const decimal NetworkFee = 0.10m;

    /// <summary>
    /// For a <c>paymentAmount</c>: fee-inclusive, the user pays exactly that; fees are charged on
    /// it. Null when the fees would take all of it.
    /// </summary>
    public static PurchaseTerms? ForPayment(decimal paymentTotal)
    {
        var exchangeFee = UpToCent(paymentTotal * ExchangeFeeRate);
        var subtotal = paymentTotal - exchangeFee - NetworkFee;
        return subtotal <= 0
            ? null
            : new PurchaseTerms(paymentTotal, subtotal, exchangeFee, NetworkFee, subtotal * ExchangeRate, ExchangeRate);
    }

    /// <summary>For a <c>purchaseAmount</c>: fee-exclusive, the user receives exactly that; fees come on top.</summary>
    public static PurchaseTerms ForPurchase(decimal purchaseAmount)
    {
        var subtotal = UpToCent(purchaseAmount / ExchangeRate);
        var exchangeFee = UpToCent(subtotal * ExchangeFeeRate);
        return new PurchaseTerms(subtotal + exchangeFee + NetworkFee, subtotal, exchangeFee, NetworkFee, purchaseAmount, ExchangeRate);
    }

    private static decimal UpToCent(decimal value) => Math.Ceiling(value * 100m) / 100m;
}
