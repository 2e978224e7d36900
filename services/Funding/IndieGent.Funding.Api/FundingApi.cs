using IndieGent.Contracts.Agents;
using IndieGent.Contracts.Funding;
using IndieGent.Contracts.Treasuries;
using IndieGent.Messaging;

namespace IndieGent.Funding.Api;

/// <summary>Marker type for <c>WebApplicationFactory</c> in tests (the entry point itself is generated).</summary>
public sealed class FundingApi
{
    /// <summary>What the Funding service does on the broker: it hears new agents, treasuries and deposits (detected, credited).</summary>
    public static readonly BrokerGrant Broker = new("funding",
        Publishes: [],
        Consumes: [typeof(AgentCreated), typeof(TreasuryCreated), typeof(DepositDetected), typeof(DepositCredited)]);
}
