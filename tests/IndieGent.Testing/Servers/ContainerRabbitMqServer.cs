using Testcontainers.RabbitMq;

namespace IndieGent.Testing.Servers;

/// <summary>RabbitMQ in a Testcontainers container.</summary>
internal sealed class ContainerRabbitMqServer(RabbitMqContainer container) : IRabbitMqServer
{
    // No management plugin needed: virtual hosts are created with rabbitmqctl inside the container.
    private const string Image = "rabbitmq:3.13-alpine";

    public string AmqpUri { get; } =
        $"amqp://{RabbitMqServers.User}:{RabbitMqServers.Password}@{container.Hostname}:{container.GetMappedPublicPort(RabbitMqBuilder.RabbitMqPort)}/";

    public LocalServer? LocalServer => null;

    public static async Task<ContainerRabbitMqServer> StartAsync(CancellationToken cancellationToken)
    {
        var container = new RabbitMqBuilder(Image)
            .WithUsername(RabbitMqServers.User)
            .WithPassword(RabbitMqServers.Password)
            .Build();
        try
        {
            await container.StartAsync(cancellationToken);
            return new ContainerRabbitMqServer(container);
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    public async Task AddVirtualHostAsync(string name, IReadOnlyList<BrokerUser> users, CancellationToken cancellationToken)
    {
        await ExecAsync(["rabbitmqctl", "add_vhost", name], cancellationToken);
        await ExecAsync(["rabbitmqctl", "set_permissions", "-p", name, RabbitMqServers.User, ".*", ".*", ".*"], cancellationToken);
        foreach (var user in users)
        {
            await ExecAsync(["sh", "-c", $"rabbitmqctl add_user '{user.Name}' '{user.Password}' || rabbitmqctl change_password '{user.Name}' '{user.Password}'"],
                cancellationToken);
            await ExecAsync(["rabbitmqctl", "set_permissions", "-p", name, user.Name, user.Configure, user.Write, user.Read], cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => container.DisposeAsync();

    private async Task ExecAsync(string[] command, CancellationToken cancellationToken)
    {
        var result = await container.ExecAsync(command, cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{string.Join(' ', command)} failed with code {result.ExitCode}: {result.Stderr}{result.Stdout}");
    }
}
