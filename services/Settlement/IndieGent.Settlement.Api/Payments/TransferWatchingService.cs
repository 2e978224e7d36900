using IndieGent.Settlement.Api.Chain;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>Runs the <see cref="TransferWatcher"/> every <see cref="ChainOptions.PollInterval"/>.</summary>
public sealed partial class TransferWatchingService(
    TransferWatcher watcher, IBus bus, IOptions<ChainOptions> options, TimeProvider time, ILogger<TransferWatchingService> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync(
            async ct =>
            {
                await watcher.ScanOnceAsync(bus, ct);
                return false;
            },
            options.Value.PollInterval, time, LogScanFailed, stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer scan failed ({Failures} in a row); retrying")]
    private partial void LogScanFailed(Exception exception, int failures);
}
