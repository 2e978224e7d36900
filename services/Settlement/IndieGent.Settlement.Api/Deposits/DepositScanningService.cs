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
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync(
            async ct => await scanner.ScanOnceAsync((_, deposit, c) => bus.Publish(deposit, c), ct) is { Count: > 0 },
            options.Value.PollInterval, time, LogScanFailed, stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deposit scan failed ({Failures} in a row); retrying")]
    private partial void LogScanFailed(Exception exception, int failures);
}
