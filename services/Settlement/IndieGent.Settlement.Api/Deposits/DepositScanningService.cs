using IndieGent.Contracts.Funding;
using MassTransit;
using Microsoft.Extensions.Options;
using IndieGent.Settlement.Api.Chain;

namespace IndieGent.Settlement.Api.Deposits;

/// <summary>
/// Scans for deposits every <see cref="ChainOptions.PollInterval"/> and announces each on the bus.
/// </summary>
/// <remarks>
/// A deposit is published before the scan commits: if the commit then fails (another replica won,
/// the database went away) the next scan publishes it again. Consumers credit by deposit id, so the
/// ledger is credited exactly once while the message is delivered at least once.
/// </remarks>
public sealed partial class DepositScanningService(
    DepositScanner scanner, IBus bus, IOptions<ChainOptions> options, TimeProvider time, ILogger<DepositScanningService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        var failures = 0;
        do
        {
            try
            {
                // Catch up in one go after downtime: keep scanning while ranges yield blocks.
                while (!stoppingToken.IsCancellationRequested &&
                       await scanner.ScanOnceAsync((_, deposit, ct) => bus.Publish(deposit, ct), stoppingToken) is { Count: > 0 })
                {
                }
                failures = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures++;
                LogScanFailed(e, failures);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures))), time, stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deposit scan failed ({Failures} in a row); retrying")]
    private partial void LogScanFailed(Exception exception, int failures);
}
