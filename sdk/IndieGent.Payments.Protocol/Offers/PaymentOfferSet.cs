namespace IndieGent.Payments.Protocol.Offers;

/// <summary>Everything a 402 response offered.</summary>
/// <param name="Offers">Payable-shaped offers in server order.</param>
/// <param name="Unsupported">Log-safe descriptions of well-formed offers this core cannot represent (other methods, networks, unknown dialect chains or currencies).</param>
/// <param name="Errors">Why malformed offers were rejected.</param>
public sealed record PaymentOfferSet(
    IReadOnlyList<PaymentOffer> Offers,
    IReadOnlyList<string> Unsupported,
    IReadOnlyList<PaymentProtocolException> Errors);
