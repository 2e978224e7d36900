namespace IndieGent.Onramp.Simulator.Sessions;

/// <summary>
/// The body of <c>POST /platform/v2/onramp/sessions</c> (<c>OnrampSessionRequest</c> in the cdp-sdk
/// OpenAPI). Every field is a string on the wire, amounts included.
/// </summary>
public sealed record OnrampSessionRequest(
    string? DestinationAddress,
    string? PurchaseCurrency,
    string? DestinationNetwork,
    string? PaymentAmount,
    string? PurchaseAmount,
    string? PaymentCurrency,
    string? PaymentMethod,
    string? Country,
    string? Subdivision,
    string? RedirectUrl,
    string? ClientIp,
    string? PartnerUserRef);
