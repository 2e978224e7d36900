using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IndieGent.Samples.Providers.Registration;

/// <summary>Part of <c>/health</c>: Degraded (still answered 200: the free routes work) until the provider is registered.</summary>
public sealed class RegistrationHealthCheck(RegistrationState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.ProviderId is not null
            ? HealthCheckResult.Healthy(state.Description)
            : HealthCheckResult.Degraded(state.Description));
}
