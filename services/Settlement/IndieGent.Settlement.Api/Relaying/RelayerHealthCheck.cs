using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IndieGent.Settlement.Api.Relaying;

/// <summary>
/// The relayer in <c>/health</c>: its address, native balance and open relays; Degraded when the
/// balance is below <see cref="RelayerOptions.MinimumBalanceWei"/> (relays still go out until it
/// cannot pay, but someone has to top it up) or when it cannot be read (the Wallet or the chain
/// not answering). Never Unhealthy: Settlement still settles authorizations and detects deposits.
/// </summary>
public sealed class RelayerHealthCheck(RelayerMonitor monitor) : IHealthCheck
{
    public const string Name = "relayer";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        RelayerReading reading;
        try
        {
            reading = await monitor.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or Nethereum.JsonRpc.Client.RpcClientUnknownException
                                      or Nethereum.JsonRpc.Client.RpcClientTimeoutException or Nethereum.JsonRpc.Client.RpcResponseException)
        {
            return HealthCheckResult.Degraded($"The relayer cannot be read ({e.GetType().Name}).");
        }

        var data = new Dictionary<string, object>
        {
            ["address"] = reading.Address.ToChecksumHex(),
            ["balanceWei"] = reading.BalanceWei.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["minimumBalanceWei"] = reading.MinimumBalanceWei.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["pendingRelays"] = reading.PendingRelays,
        };
        var description = $"Relayer {reading.Address.ToChecksumHex()} holds {reading.BalanceWei} wei; {reading.PendingRelays} relays pending.";
        return reading.BelowMinimum
            ? HealthCheckResult.Degraded($"{description} Below Relayer:MinimumBalanceWei ({reading.MinimumBalanceWei}): top it up.", data: data)
            : HealthCheckResult.Healthy(description, data);
    }
}
