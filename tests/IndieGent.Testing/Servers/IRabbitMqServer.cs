namespace IndieGent.Testing.Servers;

/// <summary>A running RabbitMQ broker, wherever it runs.</summary>
internal interface IRabbitMqServer : IAsyncDisposable
{
    /// <summary>AMQP URI of the default virtual host, with credentials.</summary>
    string AmqpUri { get; }

    /// <summary>The local instance, or null in a container.</summary>
    LocalServer? LocalServer { get; }

    /// <summary>
    /// Creates virtual host <paramref name="name"/>, gives the user of <see cref="AmqpUri"/> full
    /// permissions on it, and each of <paramref name="users"/> (created or updated) its own.
    /// </summary>
    Task AddVirtualHostAsync(string name, IReadOnlyList<BrokerUser> users, CancellationToken cancellationToken);
}
