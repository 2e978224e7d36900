using IndieGent.Settlement.Api.Chain;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>Runs the <see cref="AuthorizationWatcher"/> every <see cref="ChainOptions.PollInterval"/>.</summary>
public sealed partial class AuthorizationWatchingService(
    AuthorizationWatcher watcher, IBus bus, IOptions<ChainOptions> options, TimeProvider time, ILogger<AuthorizationWatchingService> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync(
            async ct => await watcher.ScanOnceAsync((message, c) => bus.Publish(message, c), ct) > 0,
            options.Value.PollInterval, time, LogScanFailed, stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authorization scan failed ({Failures} in a row); retrying")]
    private partial void LogScanFailed(Exception exception, int failures);
}
