using RabbitMQ.Client;

namespace IndieGent.Testing.Servers;

/// <summary>Starts RabbitMQ where <see cref="InfrastructureModes"/> says.</summary>
internal static class RabbitMqServers
{
    public const string User = "indiegent";
    public const string Password = "indiegent";

    public static Task<IRabbitMqServer> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(InfrastructureModes.Resolve(), cancellationToken);

    public static async Task<IRabbitMqServer> StartAsync(InfrastructureMode mode, CancellationToken cancellationToken) =>
        mode == InfrastructureMode.Containers
            ? await ContainerRabbitMqServer.StartAsync(cancellationToken)
            : await LocalRabbitMqServer.StartAsync(cancellationToken);

    /// <summary>
    /// A RabbitMQ definitions document creating <paramref name="vhost"/>, full permissions on it for
    /// <see cref="User"/>, and <paramref name="users"/> with their permissions (passwords as
    /// rabbit_password_hashing_sha256: base64 of a 4-byte salt and SHA-256 of salt and password).
    /// </summary>
    public static string Definitions(string vhost, IReadOnlyList<BrokerUser> users) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            users = users.Select(u => new { name = u.Name, password_hash = Hash(u.Password), hashing_algorithm = "rabbit_password_hashing_sha256", tags = Array.Empty<string>() }),
            vhosts = new[] { new { name = vhost } },
            permissions = users.Select(u => new { user = u.Name, vhost, configure = u.Configure, write = u.Write, read = u.Read })
                .Prepend(new { user = User, vhost, configure = ".*", write = ".*", read = ".*" }),
        });

    private static string Hash(string password)
    {
        var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(4);
        var hash = System.Security.Cryptography.SHA256.HashData([.. salt, .. System.Text.Encoding.UTF8.GetBytes(password)]);
        return Convert.ToBase64String([.. salt, .. hash]);
    }

    /// <summary>True once the broker accepts an AMQP connection with these credentials (its listener opens before boot ends).</summary>
    public static async Task<bool> AcceptsConnectionsAsync(string amqpUri, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(amqpUri),
            RequestedConnectionTimeout = TimeSpan.FromSeconds(2),
            AutomaticRecoveryEnabled = false,
        };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await connection.CloseAsync(cancellationToken);
        return true;
    }
}
