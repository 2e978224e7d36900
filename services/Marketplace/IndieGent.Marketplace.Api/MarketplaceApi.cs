using IndieGent.Messaging;

namespace IndieGent.Marketplace.Api;

/// <summary>Marker type for <c>WebApplicationFactory</c> in tests (the entry point itself is generated).</summary>
public sealed class MarketplaceApi
{
    /// <summary>What the Marketplace service does on the broker: nothing yet but its bus endpoint.</summary>
    public static readonly BrokerGrant Broker = new("marketplace", Publishes: [], Consumes: []);
}
