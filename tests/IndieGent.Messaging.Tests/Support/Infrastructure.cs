using IndieGent.Testing;

namespace IndieGent.Messaging.Tests.Support;

/// <summary>A virtual host and a database of their own for one test class.</summary>
public sealed class Infrastructure(PostgresFixture postgres, RabbitMqFixture rabbitMq) : IAsyncLifetime
{
    public string AmqpUri { get; private set; } = "";

    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        AmqpUri = await rabbitMq.CreateVirtualHostAsync(cancellationToken);
        ConnectionString = await postgres.CreateDatabaseAsync("messaging", cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
