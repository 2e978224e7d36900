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
