using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RabbitMQ.Client;

namespace IndieGent.AppHost.Infrastructure;

/// <summary>Readiness probes for the locally run servers: each one opens a real connection.</summary>
internal static class ServerProbes
{
    public static async Task<HealthCheckResult> RabbitMqAsync(string amqpUri, CancellationToken ct)
    {
        try
        {
            var factory = new ConnectionFactory { Uri = new Uri(amqpUri), RequestedConnectionTimeout = TimeSpan.FromSeconds(2) };
            await using var connection = await factory.CreateConnectionAsync("indiegent-apphost-probe", ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"broker not accepting connections yet ({e.GetType().Name})");
        }
    }

    public static async Task<HealthCheckResult> PostgresAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 2 };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"database not accepting connections yet ({e.GetType().Name})");
        }
    }
}
