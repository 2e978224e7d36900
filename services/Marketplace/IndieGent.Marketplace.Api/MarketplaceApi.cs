using IndieGent.Contracts.Marketplace;
using IndieGent.Messaging;

namespace IndieGent.Marketplace.Api;

/// <summary>Marker type for <c>WebApplicationFactory</c> in tests (the entry point itself is generated).</summary>
public sealed class MarketplaceApi
{
    /// <summary>What the Marketplace service does on the broker: it hears ended marketplace calls (for statistics) and providers' payouts.</summary>
    public static readonly BrokerGrant Broker = new("marketplace", Publishes: [], Consumes: [typeof(MarketplaceCallCompleted), typeof(ProviderPaidOut), typeof(ProviderPayoutReorganisedOut)]);
}
