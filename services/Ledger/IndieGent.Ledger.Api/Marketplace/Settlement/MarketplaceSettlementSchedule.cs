using IndieGent.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Marketplace.Settlement;

/// <summary>
/// Runs the sweeps and the payouts on their intervals (<see cref="MarketplaceSettlementOptions"/>),
/// each loop on its own: a failed run is logged and the next one tries again. Running twice (two
/// replicas) starts nothing twice: each account's next sweep or payout has one id and one commit.
/// </summary>
public sealed partial class MarketplaceSettlementSchedule(
    MarketplaceSettlementRuns runs, IOptions<MarketplaceSettlementOptions> options, TimeProvider time, ILogger<MarketplaceSettlementSchedule> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Scheduled)
            return;
        using var untraced = BackgroundWork.Untraced();
        await Task.WhenAll(
            LoopAsync(options.Value.SweepInterval, ct => runs.SweepAsync(null, ct), stoppingToken),
            LoopAsync(options.Value.PayoutInterval, ct => runs.PayOutAsync(null, ct), stoppingToken));
    }

    private async Task LoopAsync(TimeSpan interval, Func<CancellationToken, Task<SettlementRun>> run, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                var result = await run(ct);
                if (result.Problem is { } problem)
                    LogProblem(result.Kind, problem);
                else if (result.Started.Count > 0)
                    LogRun(result.Kind, result.Started.Count, result.Started.Sum(s => s.Amount), result.Skipped);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Marketplace {Kind} run: {Count} started ({Amount} in all), {Skipped} left for later")]
    private partial void LogRun(string kind, int count, long amount, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marketplace {Kind} run started nothing: {Problem}")]
    private partial void LogProblem(string kind, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "A marketplace settlement run failed; the next one tries again")]
    private partial void LogFailed(Exception exception);
}
