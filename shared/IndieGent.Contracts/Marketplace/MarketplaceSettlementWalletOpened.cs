namespace IndieGent.Contracts.Marketplace;

/// <summary>
/// Wallet → Ledger: the marketplace settlement wallet exists. It is a custodial wallet the platform
/// owns (key generated and sealed in the Wallet, like the relayer's): agents' settled marketplace
/// spend is swept into it, and providers are paid out of it. Announced on every Wallet start (the
/// same id and address each time), so a Ledger that missed it learns it again.
/// </summary>
/// <param name="Address">0x + 40 hex digits.</param>
public sealed record MarketplaceSettlementWalletOpened(Guid WalletId, string Address, DateTimeOffset At) : ICorrelatedMessage
{
    /// <summary>The wallet's fixed id: every replica creating it at once inserts under this id, so there is one key.</summary>
    public static readonly Guid Id = new("5e1a7e00-0000-4000-8000-000000000002");

    public Guid CorrelationId => WalletId;
}
