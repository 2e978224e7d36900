using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace IndieGent.AppHost.Infrastructure;

/// <summary>
/// Each service's own account on the broker and on the database, as a hosted cluster has them:
/// broker users with the permissions of <c>deploy/k8s/broker-permissions.sh</c> (generated from the
/// services' grants), and PostgreSQL roles each owning only its own database (as
/// <c>deploy/k8s/postgres-roles.sql</c> creates them; the dashboard has a database, for its key ring,
/// and no broker user). Passwords are fresh per run. Provisioning is idempotent and runs once the
/// server accepts connections.
/// </summary>
public sealed partial class ServiceAccounts
{
    /// <summary>Services with a database and no broker user.</summary>
    private static readonly string[] DatabaseOnly = ["dashboard"];

    private readonly Dictionary<string, string> _passwords;
    private readonly Dictionary<string, (string Configure, string Write, string Read)> _broker;

    private ServiceAccounts(Dictionary<string, string> passwords, Dictionary<string, (string, string, string)> broker)
    {
        _passwords = passwords;
        _broker = broker;
    }

    /// <summary>The services of the platform (each has a database).</summary>
    public IReadOnlyCollection<string> Services => _passwords.Keys;

    /// <summary>Reads the broker permissions of every service from the generated script under <paramref name="repositoryRoot"/>.</summary>
    public static ServiceAccounts From(string repositoryRoot)
    {
        var script = Path.Combine(repositoryRoot, "deploy", "k8s", "broker-permissions.sh");
        var broker = new Dictionary<string, (string, string, string)>(StringComparer.Ordinal);
        foreach (Match line in PermissionLine().Matches(File.ReadAllText(script)))
            broker[line.Groups["service"].Value] = (line.Groups["configure"].Value, line.Groups["write"].Value, line.Groups["read"].Value);
        if (broker.Count == 0)
            throw new PrerequisiteException($"{script} names no broker permissions; regenerate it (see the script's header).");
        return new ServiceAccounts(broker.Keys.Concat(DatabaseOnly).ToDictionary(s => s, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), StringComparer.Ordinal),
            broker);
    }

    /// <summary>The broker user of <paramref name="service"/>.</summary>
    public static string BrokerUser(string service) => "indiegent-" + service;

    public string Password(string service) => _passwords[service];

    /// <summary>Creates (or updates) each service's role and database; nobody else may connect to it.</summary>
    public async Task ProvisionPostgresAsync(string adminConnectionString, CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false, Database = "postgres" };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(ct);
        foreach (var (service, password) in _passwords)
        {
            // Identifiers cannot be parameters; service names are [a-z] and passwords hex (ServiceName checks).
            var role = ServiceName(service);
            await ExecuteAsync(connection, $"""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
                    CREATE ROLE "{role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
                  END IF;
                END $$;
                ALTER ROLE "{role}" PASSWORD '{password}';
                """, ct);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = role } } };
            if (await exists.ExecuteScalarAsync(ct) is null)
                await ExecuteAsync(connection, $"CREATE DATABASE \"{role}\" OWNER \"{role}\"", ct);
            await ExecuteAsync(connection, $"ALTER DATABASE \"{role}\" OWNER TO \"{role}\"; REVOKE ALL ON DATABASE \"{role}\" FROM PUBLIC", ct);
        }
    }

    /// <summary>Creates each service's broker user with its permissions on the default virtual host, with the node's rabbitmqctl.</summary>
    public async Task ProvisionRabbitMqAsync(string rabbitmqctl, CancellationToken ct)
    {
        var definitions = Path.Combine(Path.GetDirectoryName(rabbitmqctl)!, "service-accounts.json");
        await File.WriteAllTextAsync(definitions, JsonSerializer.Serialize(new
        {
            users = _broker.Keys.Select(service => new { name = BrokerUser(service), password_hash = PasswordHash(_passwords[service]), hashing_algorithm = "rabbit_password_hashing_sha256", tags = Array.Empty<string>() }),
            permissions = _broker.Select(b => new { user = BrokerUser(b.Key), vhost = "/", configure = b.Value.Configure, write = b.Value.Write, read = b.Value.Read }),
        }), ct);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("bash", [rabbitmqctl, "import_definitions", definitions])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("Could not start rabbitmqctl.");
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"rabbitmqctl import_definitions failed ({process.ExitCode}): {await error}{await output}");
        }
        finally
        {
            File.Delete(definitions);
        }
    }

    /// <summary>The same through the management HTTP API (the broker container of the containers mode).</summary>
    public async Task ProvisionRabbitMqAsync(Uri management, string adminUser, string adminPassword, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{adminUser}:{adminPassword}")));
        foreach (var (service, (configure, write, read)) in _broker)
        {
            var password = _passwords[service];
            var user = Uri.EscapeDataString(BrokerUser(service));
            (await http.PutAsJsonAsync($"api/users/{user}", new { password, tags = "" }, ct)).EnsureSuccessStatusCode();
            (await http.PutAsJsonAsync($"api/permissions/%2F/{user}", new { configure, write, read }, ct)).EnsureSuccessStatusCode();
        }
    }

    private static string ServiceName(string service) =>
        ServiceNamePattern().IsMatch(service) ? service : throw new InvalidOperationException($"'{service}' is not a service name.");

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    // rabbit_password_hashing_sha256: base64 of a 4-byte salt and SHA-256 of salt and password.
    private static string PasswordHash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        return Convert.ToBase64String([.. salt, .. SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(password)])]);
    }

    [GeneratedRegex("""^rabbitmqctl set_permissions -p "\$vhost" indiegent-(?<service>[a-z]+) '(?<configure>[^']*)' '(?<write>[^']*)' '(?<read>[^']*)'$""", RegexOptions.Multiline)]
    private static partial Regex PermissionLine();

    [GeneratedRegex("^[a-z]+$")]
    private static partial Regex ServiceNamePattern();
}
