using System.Numerics;
using IndieGent.Chain;
using Marten;
using Microsoft.Extensions.Options;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Relaying;

/// <summary>
/// Looks at the relayer now: its address, its native balance, and how many relays are still open.
/// <c>/health</c> asks on every probe; a background loop asks every
/// <see cref="RelayerOptions.MonitorInterval"/> so the metrics move without probes.
/// </summary>
public sealed partial class RelayerMonitor(
    RelayerAddress relayer, IWeb3 web3, IDocumentStore store, RelayerMetrics metrics, IOptions<RelayerOptions> options, TimeProvider time,
    ILogger<RelayerMonitor> logger) : BackgroundService
{
    public async Task<RelayerReading> ReadAsync(CancellationToken ct)
    {
        var address = await relayer.GetAsync(ct);
        var balance = (await web3.Eth.GetBalance.SendRequestAsync(address.ToChecksumHex(), BlockParameter.CreateLatest())).Value;
        await using var session = store.QuerySession();
        var pending = await session.Query<RelayedTransfer>()
            .CountAsync(t => t.State == RelayState.Reserved || t.State == RelayState.Signed || t.State == RelayState.Pending ||
                             t.State == RelayState.Cancelling, ct);
        metrics.Balance = balance;
        metrics.Pending = pending;
        return new RelayerReading(address, balance, new BigInteger(options.Value.MinimumBalanceWei), pending);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MonitorInterval, time);
        do
        {
            try
            {
                using (BackgroundWork.Untraced())
                    await ReadAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the relayer's balance")]
    private partial void LogFailed(Exception exception);
}
