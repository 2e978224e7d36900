using IndieGent.Contracts.Agents;
using IndieGent.Contracts.Funding;
using IndieGent.Contracts.Marketplace;
using IndieGent.Contracts.Payments;
using IndieGent.Contracts.TopUps;
using IndieGent.Contracts.Transfers;
using IndieGent.Contracts.Treasuries;
using IndieGent.Ledger.Api.Payments;
using IndieGent.Ledger.Api.Transfers;
using IndieGent.Messaging;

namespace IndieGent.Ledger.Api;

/// <summary>Marker type for <c>WebApplicationFactory</c> in tests (the entry point itself is generated).</summary>
public sealed class LedgerApi
{
    /// <summary>What the Ledger does on the broker: the payment saga's commands and statuses, transfers to settle (sweeps and payouts included), deposit credits and ended marketplace calls out; agents, treasuries, the marketplace settlement wallet, deposits and settlement outcomes in.</summary>
    public static readonly BrokerGrant Broker = new("ledger",
        Publishes:
        [
            typeof(SettlePayment), typeof(ReconcileSettlement), typeof(PaymentStatusChanged), typeof(PaymentApprovalDecided), typeof(DepositCredited),
            typeof(DepositReversed),
            typeof(SettleTransfer), typeof(TopUpRequested), typeof(MarketplaceCallCompleted), typeof(ProviderPaidOut),
            typeof(ProviderPayoutReorganisedOut),
        ],
        Consumes:
        [
            typeof(AgentCreated), typeof(AgentDisabled), typeof(SpendingPolicyChanged), typeof(DepositObserved), typeof(DepositReorganisedOut),
            typeof(PaymentApprovalDecided),
            typeof(CredentialIssued), typeof(TxBroadcast), typeof(Confirmed), typeof(SettlementFailed), typeof(SettlementReorganisedOut),
            typeof(ApprovalWindowClosed), typeof(SettlementOverdue),
            typeof(TreasuryCreated), typeof(TransferSubmitted), typeof(TransferSettled), typeof(TransferFailed), typeof(TransferReorganisedOut), typeof(TransferOverdue),
            typeof(TopUpRequested), typeof(MarketplaceSettlementWalletOpened),
        ]);
}
