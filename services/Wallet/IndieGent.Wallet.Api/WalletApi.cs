using IndieGent.Contracts.Agents;
using IndieGent.Contracts.Marketplace;
using IndieGent.Contracts.Treasuries;
using IndieGent.Messaging;

namespace IndieGent.Wallet.Api;

/// <summary>Marker type for <c>WebApplicationFactory</c> in tests (the entry point itself is generated).</summary>
public sealed class WalletApi
{
    /// <summary>What the Wallet does on the broker: it announces agents, their policies, operators' treasuries and the marketplace settlement wallet, and consumes nothing.</summary>
    public static readonly BrokerGrant Broker = new("wallet",
        Publishes: [typeof(AgentCreated), typeof(AgentDisabled), typeof(SpendingPolicyChanged), typeof(TreasuryCreated), typeof(MarketplaceSettlementWalletOpened)],
        Consumes: []);
}
