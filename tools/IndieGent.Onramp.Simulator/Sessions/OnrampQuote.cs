namespace IndieGent.Onramp.Simulator.Sessions;

/// <summary>CDP's <c>OnrampQuote</c>; every field is required there, amounts are decimal strings.</summary>
public sealed record OnrampQuote(
    string PaymentTotal,
    string PaymentSubtotal,
    string PaymentCurrency,
    string PurchaseAmount,
    string PurchaseCurrency,
    string DestinationNetwork,
    IReadOnlyList<OnrampFee> Fees,
    string ExchangeRate);
