using IndieGent.Contracts.Agents;
using IndieGent.Contracts.Funding;
using IndieGent.Contracts.Payments;
using IndieGent.Contracts.Transfers;
using IndieGent.Contracts.Treasuries;
using IndieGent.Messaging;

namespace IndieGent.Settlement.Api;

/// <summary>Marker type for <c>WebApplicationFactory</c> in tests (the entry point itself is generated).</summary>
public sealed class SettlementApi
{
    /// <summary>What Settlement does on the broker: settlement commands (payments, transfers) and new wallets (agents, treasuries) in, chain outcomes and deposits out.</summary>
    public static readonly BrokerGrant Broker = new("settlement",
        Publishes: [typeof(CredentialIssued), typeof(TxBroadcast), typeof(Confirmed), typeof(SettlementFailed), typeof(DepositObserved),
            typeof(DepositDetected), typeof(DepositReorganisedOut), typeof(SettlementReorganisedOut), typeof(TransferSubmitted), typeof(TransferSettled), typeof(TransferFailed),
            typeof(TransferReorganisedOut)],
        Consumes: [typeof(AgentCreated), typeof(TreasuryCreated), typeof(SettlePayment), typeof(ReconcileSettlement), typeof(SettleTransfer)]);
}
