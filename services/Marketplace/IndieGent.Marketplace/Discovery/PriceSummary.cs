namespace IndieGent.Marketplace.Discovery;

/// <summary>What a catalogue shows of a service's prices.</summary>
/// <param name="Lowest">The lowest fixed price per intent and currency, ordered by intent, then currency.</param>
/// <param name="HasDynamicPricing">Whether some offer prices per request (<c>"amount": null</c>), which no "from" line covers.</param>
/// <param name="HasUnpricedCurrency">Whether some fixed-price offer names no currency, so it is in no "from" line.</param>
public sealed record PriceSummary(IReadOnlyList<PriceFrom> Lowest, bool HasDynamicPricing, bool HasUnpricedCurrency);
