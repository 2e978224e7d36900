using System.ComponentModel.DataAnnotations;

namespace IndieGent.Settlement.Api.Relaying;

/// <summary>The platform relayer as Settlement runs it (section <c>Relayer</c>).</summary>
public sealed class RelayerOptions
{
    public const string Section = "Relayer";

    /// <summary>
    /// <c>Relayer:MinimumBalanceWei</c>: below this many wei of the chain's native coin the relayer is
    /// reported Degraded in <c>/health</c> (top it up before it cannot pay for relays). Default
    /// 10^16 wei (0.01 ETH): thousands of relays on Base, about a hundred on an L1 at 20 gwei.
    /// </summary>
    [Range(typeof(decimal), "0", "1000000000000000000000000")]
    public decimal MinimumBalanceWei { get; set; } = 10_000_000_000_000_000m;

    /// <summary>Gas limit of a relayed <c>transferWithAuthorization</c> when the node cannot estimate one.</summary>
    [Range(50_000, 1_000_000)]
    public long RelayGasLimit { get; set; } = 150_000;

    /// <summary>How often the relayer's balance and open relays are read for the metrics (<c>/health</c> reads them on every probe).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MonitorInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many times a nonce reservation is tried again after a concurrent reservation took the counter first.</summary>
    [Range(1, 10_000)]
    public int ReservationAttempts { get; set; } = 500;
}
