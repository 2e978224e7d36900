using IndieGent.Contracts.Agents;
using IndieGent.Contracts.Funding;
using IndieGent.Contracts.Payments;
using IndieGent.Messaging;

namespace IndieGent.Settlement.Api;

/// <summary>Marker type for <c>WebApplicationFactory</c> in tests (the entry point itself is generated).</summary>
public sealed class SettlementApi
{
    /// <summary>What Settlement does on the broker: settlement commands and new agents in, chain outcomes and deposits out.</summary>
    public static readonly BrokerGrant Broker = new("settlement",
        Publishes: [typeof(CredentialIssued), typeof(TxBroadcast), typeof(Confirmed), typeof(SettlementFailed), typeof(DepositObserved),
            typeof(DepositDetected)],
        Consumes: [typeof(AgentCreated), typeof(SettlePayment), typeof(ReconcileSettlement)]);
}
