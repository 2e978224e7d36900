using IndieGent.Messaging;

namespace IndieGent.Funding.Api;

/// <summary>Marker type for <c>WebApplicationFactory</c> in tests (the entry point itself is generated).</summary>
public sealed class FundingApi
{
    /// <summary>What the Funding service does on the broker: nothing yet but its bus endpoint.</summary>
    public static readonly BrokerGrant Broker = new("funding", Publishes: [], Consumes: []);
}
