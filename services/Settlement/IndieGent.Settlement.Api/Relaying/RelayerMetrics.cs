using System.Diagnostics.Metrics;
using System.Numerics;

namespace IndieGent.Settlement.Api.Relaying;

/// <summary>
/// The relayer's OpenTelemetry metrics (meter <c>IndieGent.Settlement.Relayer</c>): its native balance
/// and the relays still open as gauges, last observed by <see cref="RelayerMonitor"/> and the
/// <see cref="RelayWatcher"/>; and a counter of submissions by outcome.
/// </summary>
public sealed class RelayerMetrics
{
    public const string MeterName = "IndieGent.Settlement.Relayer";

    // Outcomes of the submissions counter (tag "outcome").
    public const string Confirmed = "confirmed";
    public const string Reverted = "reverted";
    public const string Cancelled = "cancelled";
    public const string NonceUsedElsewhere = "nonce_used_elsewhere";
    public const string Replaced = "replaced";
    public const string OutOfGas = "out_of_gas";

    private readonly Counter<long> _submissions;
    private long _pending;
    private double? _balanceWei;

    public RelayerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _submissions = meter.CreateCounter<long>("indiegent.relayer.submissions", "{submission}",
            "Relayed transactions by outcome: confirmed, reverted, cancelled (the nonce consumed), nonce_used_elsewhere, replaced, out_of_gas.");
        meter.CreateObservableGauge("indiegent.relayer.pending", () => Pending, "{relay}",
            "Relays holding a relayer nonce and not yet confirmed or failed.");
        meter.CreateObservableGauge("indiegent.relayer.balance", ObserveBalance, "wei",
            "The relayer's balance of the chain's native coin.");
    }

    /// <summary>Open relays at the last look.</summary>
    public long Pending
    {
        get => Interlocked.Read(ref _pending);
        set => Interlocked.Exchange(ref _pending, value);
    }

    /// <summary>The balance at the last look (wei).</summary>
    public BigInteger? Balance
    {
        set => _balanceWei = value is { } wei ? (double)wei : null;
    }

    public void Submitted(string outcome) => _submissions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private IEnumerable<Measurement<double>> ObserveBalance() =>
        _balanceWei is { } wei ? [new Measurement<double>(wei)] : [];
}
