using System.ComponentModel.DataAnnotations;

namespace IndieGent.Ledger.Api.Marketplace.Settlement;

/// <summary>
/// When marketplace money moves on chain (section <c>MarketplaceSettlement</c>): how often agents'
/// captured calls are swept to the settlement wallet and providers are paid out of it, and the
/// smallest amount worth a transaction (base units; 1 USDC = 1000000). Below a minimum the amount
/// waits for the next run. Both runs can also be started by an admin (<c>POST /v1/admin/marketplace/…</c>).
/// </summary>
public sealed class MarketplaceSettlementOptions
{
    public const string Section = "MarketplaceSettlement";

    /// <summary>Whether the runs start on their own schedule (an admin can always start one).</summary>
    public bool Scheduled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    [Range(1, long.MaxValue)]
    public long SweepMinimum { get; set; } = 1_000_000;

    [Range(typeof(TimeSpan), "00:00:01", "31.00:00:00")]
    public TimeSpan PayoutInterval { get; set; } = TimeSpan.FromDays(1);

    [Range(1, long.MaxValue)]
    public long PayoutMinimum { get; set; } = 10_000_000;
}
