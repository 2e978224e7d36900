using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IndieGent.Messaging;

/// <summary>
/// Creates the service's database when the server does not have it yet. Each service owns its
/// database; a fresh server (a new local cluster, a new managed instance) starts with none.
/// It waits a bounded time for the server, so a service started alongside its database does not
/// fail on the first refused connection, and fails with a clear message when the server never comes.
/// A database that exists is only opened: a service whose role may connect to nothing but its own
/// database (its least privilege in a hosted cluster) never touches the maintenance database.
/// </summary>
internal sealed partial class DatabaseBootstrapper(string connectionString, ILogger<DatabaseBootstrapper> logger)
    : IHostedService
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database
            ?? throw new InvalidOperationException("The PostgreSQL connection string names no Database.");
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };

        var deadline = DateTimeOffset.UtcNow + Patience;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await ExistsAsync(target, cancellationToken))
                    return;
                await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
                {
                    Parameters = { new() { Value = database } },
                };
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    // Identifiers cannot be parameters; quote it the way PostgreSQL does.
                    var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
                    await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
                    try
                    {
                        await create.ExecuteNonQueryAsync(cancellationToken);
                        LogCreated(database);
                    }
                    catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
                    {
                        // Another replica created it between our check and our create.
                    }
                }
                return;
            }
            catch (NpgsqlException e) when (e is not PostgresException && DateTimeOffset.UtcNow < deadline)
            {
                LogWaiting(attempt, target.Host, target.Port);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt)), cancellationToken);
            }
            catch (NpgsqlException e) when (e is not PostgresException)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL at {target.Host}:{target.Port} did not accept connections within {Patience.TotalSeconds:0} s.", e);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<bool> ExistsAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(target.ConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created database {Database}")]
    private partial void LogCreated(string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for PostgreSQL at {Host}:{Port} (attempt {Attempt})")]
    private partial void LogWaiting(int attempt, string? host, int port);
}
