using IndieGent.Payments.Protocol.Marketplace;

namespace IndieGent.Payments.AspNetCore.Marketplace;

/// <summary>The verified call of a request, as a request feature.</summary>
internal sealed record MarketplaceCallFeature(MarketplaceCall Call);
