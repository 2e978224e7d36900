using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IndieGent.Dashboard.KeyRing;

/// <summary>
/// Ready when the dashboard can encrypt a session cookie: the key ring is loaded (from its store at
/// start; afterwards from memory, so a short database outage does not take a replica out of rotation).
/// </summary>
internal sealed class KeyRingHealthCheck(IDataProtectionProvider provider) : IHealthCheck
{
    private static readonly byte[] Probe = [1];

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            provider.CreateProtector("IndieGent.Dashboard.KeyRingHealthCheck").Protect(Probe);
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception text can carry connection details; report only its kind.
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"key ring unavailable ({e.GetType().Name})"));
        }
    }
}
