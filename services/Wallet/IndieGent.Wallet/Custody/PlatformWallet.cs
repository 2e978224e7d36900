using IndieGent.Contracts.Marketplace;

namespace IndieGent.Wallet.Custody;

/// <summary>
/// A custodial wallet the platform itself owns (Marten document; its key in an
/// <see cref="AgentKeyEnvelope"/> under the same id, sealed and re-wrapped like an agent's): the
/// relayer, which pays gas for relayed EIP-3009 transfers, and the marketplace settlement wallet,
/// into which agents' marketplace spend is swept and out of which providers are paid.
/// </summary>
/// <param name="Role"><see cref="Relayer"/> or <see cref="MarketplaceSettlement"/>.</param>
/// <param name="Address">EIP-55 address.</param>
public sealed record PlatformWallet(Guid Id, string Role, string Address, DateTimeOffset CreatedAt)
{
    public const string Relayer = "relayer";

    public const string MarketplaceSettlement = "marketplace-settlement";

    /// <summary>
    /// The relayer's fixed id: every replica creating it at once inserts under this id, so exactly
    /// one key is ever kept (the others' inserts fail and they read the winner's).
    /// </summary>
    public static readonly Guid RelayerId = new("5e1a7e00-0000-4000-8000-000000000001");

    /// <summary>The marketplace settlement wallet's fixed id (the Ledger names it as a transfer's source for payouts).</summary>
    public static readonly Guid MarketplaceSettlementId = MarketplaceSettlementWalletOpened.Id;
}
