using System.Globalization;
using Npgsql;

namespace IndieGent.Testing.Servers;

/// <summary>A private PostgreSQL cluster in a temporary directory, run by <c>eng/infra/postgres.sh</c>.</summary>
internal sealed class LocalPostgresServer(LocalServer server, string connectionString) : IPostgresServer
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public string ConnectionString { get; } = connectionString;

    public LocalServer LocalServer { get; } = server;

    public static async Task<LocalPostgresServer> StartAsync(CancellationToken cancellationToken)
    {
        var installed = Directory.Exists("/usr/lib/postgresql") &&
            Directory.EnumerateFiles("/usr/lib/postgresql", "postgres", SearchOption.AllDirectories).Any();
        if (!installed)
            throw new PrerequisiteMissingException("PostgreSQL server (/usr/lib/postgresql/*/bin/postgres, Debian package postgresql)");

        return await FreePort.StartAsync(port => StartAsync(port, cancellationToken));
    }

    private static async Task<LocalPostgresServer> StartAsync(int port, CancellationToken cancellationToken)
    {
        var server = LocalServer.Start("postgres", "bash",
            directory => [RepositoryPaths.PostgresLauncher, Path.Combine(directory, "data"), port.ToString(CultureInfo.InvariantCulture)]);
        // Trust authentication: the password is there for connection strings shaped like production ones.
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Password = "postgres",
        }.ConnectionString;
        var postgres = new LocalPostgresServer(server, connectionString);
        try
        {
            await server.WaitUntilReadyAsync(postgres.AnswersAsync, StartTimeout, cancellationToken);
            return postgres;
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => LocalServer.DisposeAsync();

    /// <summary>
    /// Restarts the server (its launcher's SIGUSR1: fast shutdown, every session cut, then a new postmaster on the same data
    /// and port) and returns once it answers again.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        using (var signal = System.Diagnostics.Process.Start("kill", ["-USR1", LocalServer.SessionId.ToString(CultureInfo.InvariantCulture)]))
            await signal.WaitForExitAsync(cancellationToken);
        // Gone first (the old server may answer a moment longer), then back.
        var down = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < down && await AnswersQuietlyAsync(cancellationToken))
            await Task.Delay(50, cancellationToken);
        await LocalServer.WaitUntilReadyAsync(AnswersAsync, StartTimeout, cancellationToken);
    }

    private async Task<bool> AnswersQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await AnswersAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 2 }.ConnectionString;
        await using var connection = new NpgsqlConnection(probe);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is 1;
    }
}
