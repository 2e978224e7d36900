using IndieGent.Chain;

namespace IndieGent.Onramp.Simulator.Sessions;

/// <summary>A session request that passed <see cref="SessionRequestValidator"/>, in typed form.</summary>
public sealed record ValidSessionRequest(
    EvmAddress DestinationAddress,
    string DestinationNetwork,
    string PurchaseCurrency,
    string PaymentCurrency,
    PurchaseTerms? Terms,
    bool WantsQuote,
    string? PaymentMethod,
    string? Country,
    string? PartnerUserRef,
    Uri? RedirectUrl);
