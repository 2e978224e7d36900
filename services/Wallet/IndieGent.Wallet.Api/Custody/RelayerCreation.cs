namespace IndieGent.Wallet.Api.Custody;

/// <summary>
/// Creates the relayer at start-up, so that its address exists before anything asks for it (the
/// AppHost and the test platform fund it with the chain's native coin). Retries while the
/// database is not reachable yet; first use creates it too, so nothing waits for this.
/// </summary>
public sealed partial class RelayerCreation(RelayerWallet relayer, TimeProvider time, ILogger<RelayerCreation> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await relayer.GetAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create or read the platform relayer yet; retrying")]
    private partial void LogFailed(Exception exception);
}
