using System.Security.Cryptography;
using System.Text;
using System.Diagnostics;
using IndieGent.Testing.Servers;
using Npgsql;
using Xunit;

namespace IndieGent.Testing;

/// <summary>
/// A PostgreSQL server for a test assembly: <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c>,
/// then take it in test class constructors and give each test class its own database
/// (<see cref="CreateDatabaseAsync"/>).
/// </summary>
/// <remarks>
/// Testcontainers runs it where a Docker engine answers; otherwise a private cluster of the
/// locally installed PostgreSQL runs in a temporary directory on a free loopback port
/// (<c>eng/infra/postgres.sh</c>). The environment variable <c>INDIEGENT_TEST_INFRASTRUCTURE</c>
/// (<c>auto</c>, <c>containers</c>, <c>local</c>) overrides the choice. Either way the server is
/// gone after the fixture is disposed, and also when the test process dies.
/// </remarks>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly InfrastructureMode? _mode;
    private IPostgresServer? _server;

    /// <summary>Used by xunit; the server starts in <see cref="InitializeAsync"/>.</summary>
    public PostgresFixture()
    {
    }

    /// <param name="mode">Where to run the server; never takes a server started ahead for the assembly (for tests that own their fixture).</param>
    internal PostgresFixture(InfrastructureMode mode) => _mode = mode;

    private bool _own;

    /// <summary>
    /// A server of the caller's own, started now (never the assembly's shared one): for a test that restarts it. The caller
    /// disposes it.
    /// </summary>
    public static async Task<PostgresFixture> StartPrivateAsync()
    {
        var postgres = new PostgresFixture { _own = true };
        await postgres.InitializeAsync();
        return postgres;
    }

    /// <summary>Whether <see cref="RestartAsync"/> can restart this server (a local process; not a container).</summary>
    public bool CanRestart => LocalServer is not null;

    /// <summary>
    /// Restarts the server as an operator or a failover would: every session cut, unreachable until the new postmaster is
    /// up on the same data and port; returns once it answers again. Local servers only (<see cref="CanRestart"/>).
    /// </summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        Server is LocalPostgresServer local
            ? local.RestartAsync(cancellationToken)
            : throw new NotSupportedException("Restarting PostgreSQL is supported for the local server, not in a container.");

    /// <summary>
    /// Superuser connection string to the server's maintenance database, without <c>Database=</c>,
    /// e.g. <c>Host=127.0.0.1;Port=41234;Username=postgres;Password=postgres</c>.
    /// </summary>
    public string ConnectionString => Server.ConnectionString;

    internal LocalServer? LocalServer => Server.LocalServer;

    // Where the server listens, without credentials.
    private string Endpoint
    {
        get
        {
            var server = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"{server.Host}:{server.Port}";
        }
    }

    private IPostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL is not started: InitializeAsync has not run.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var waited = Stopwatch.StartNew();
        _server = _mode is { } mode ? await PostgresServers.StartAsync(mode, cancellationToken)
            : _own ? await PostgresServers.StartAsync(cancellationToken)
            : await Prestart.TakeAsync<IPostgresServer>(typeof(PostgresFixture), cancellationToken);
        // Shown with xunit's diagnostic messages on: where the server runs and what start-up cost this fixture.
        TestContext.Current.SendDiagnosticMessage(
            $"PostgresFixture: PostgreSQL {(LocalServer is null ? "in a container" : "as a local process")} on {Endpoint}, ready after {waited.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Creates a new, empty database and returns the connection string to it. The name is
    /// <paramref name="namePrefix"/> (letters, digits and underscores kept, lower-cased; "test" when
    /// null) followed by a random suffix, so parallel test classes never share a database.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? namePrefix = null, CancellationToken cancellationToken = default)
    {
        var name = DatabaseName(namePrefix);
        var maintenance = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;
        await using (var connection = new NpgsqlConnection(maintenance))
        {
            await connection.OpenAsync(cancellationToken);
            // An identifier cannot be a parameter; DatabaseName allows only [a-z0-9_].
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Like <see cref="CreateDatabaseAsync"/>, but the database belongs to a new login role of the
    /// same name (no superuser, no CREATEDB, no CREATEROLE) that nobody else may connect as, and the
    /// returned connection string logs in as that role: a service's least privilege.
    /// </summary>
    public async Task<string> CreateOwnedDatabaseAsync(string? namePrefix = null, CancellationToken cancellationToken = default)
    {
        var name = DatabaseName(namePrefix);
        var password = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var maintenance = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;
        await using (var connection = new NpgsqlConnection(maintenance))
        {
            await connection.OpenAsync(cancellationToken);
            // Identifiers cannot be parameters; DatabaseName allows only [a-z0-9_], the password is hex.
            foreach (var sql in new[]
                     {
                         $"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}' NOSUPERUSER NOCREATEDB NOCREATEROLE",
                         $"CREATE DATABASE \"{name}\" OWNER \"{name}\"",
                         $"REVOKE ALL ON DATABASE \"{name}\" FROM PUBLIC",
                     })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, Username = name, Password = password }.ConnectionString;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    private static string DatabaseName(string? prefix)
    {
        var name = new StringBuilder();
        foreach (var c in (prefix ?? "test").ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_')
                name.Append(c);
        }

        // PostgreSQL truncates identifiers beyond 63 bytes: keep the random suffix whole.
        var kept = name.Length == 0 ? "test" : name.ToString()[..Math.Min(name.Length, 40)];
        return $"{kept}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
    }
}
