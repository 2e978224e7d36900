using IndieGent.Contracts.Marketplace;
using IndieGent.ServiceDefaults;
using IndieGent.Wallet.Api.Extensions;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IndieGent.Wallet.Api.Custody;

/// <summary>
/// Creates the platform's wallets at start-up, so that their addresses exist before anything asks
/// (the AppHost and the test platform fund the relayer with the chain's native coin), and announces
/// the marketplace settlement wallet to the Ledger (<see cref="MarketplaceSettlementWalletOpened"/>),
/// again every <see cref="WalletOptions.AnnounceInterval"/>: the broker drops a message no queue is
/// bound for yet (a Ledger deployed after the Wallet), and the announcement repeats durable state, so
/// it needs no outbox and the Ledger takes the same address any number of times. Retries while the
/// database or the broker is not reachable yet; first use creates the wallets too.
/// </summary>
public sealed partial class PlatformWalletCreation(
    PlatformWallets wallets, IBus bus, IOptions<WalletOptions> options, TimeProvider time, ILogger<PlatformWalletCreation> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var untraced = BackgroundWork.Untraced();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await wallets.RelayerAsync(stoppingToken);
                var settlement = await wallets.MarketplaceSettlementAsync(stoppingToken);
                await bus.Publish(new MarketplaceSettlementWalletOpened(settlement.Id, settlement.Address, time.GetUtcNow()), stoppingToken);
                await Task.Delay(options.Value.AnnounceInterval, time, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create, read or announce the platform's wallets yet; retrying")]
    private partial void LogFailed(Exception exception);
}
