using IndieGent.Contracts.Payments;
using IndieGent.Messaging;

namespace IndieGent.Gateway.Api;

/// <summary>Marker type for <c>WebApplicationFactory</c> in tests (the entry point itself is generated).</summary>
public sealed class GatewayApi
{
    /// <summary>What the Gateway does on the broker: it hears payment statuses, publishes nothing.</summary>
    public static readonly BrokerGrant Broker = new("gateway", Publishes: [], Consumes: [typeof(PaymentStatusChanged)]);
}
