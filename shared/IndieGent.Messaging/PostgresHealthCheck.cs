using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace IndieGent.Messaging;

/// <summary>Readiness: the service's own database answers a query.</summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The exception text can carry connection details; report only its kind.
            return new HealthCheckResult(context.Registration.FailureStatus, $"database unreachable ({e.GetType().Name})");
        }
    }
}
