using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Cli.Tests;

/// <summary>One real platform (six services, PostgreSQL, RabbitMQ, anvil) for a whole test class; each test makes its own operator.</summary>
public sealed class CliPlatform(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil) : IAsyncLifetime
{
    public PaymentPlatform Platform { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Platform = await PaymentPlatform.StartAsync(postgres, rabbit, anvil);

    public async ValueTask DisposeAsync()
    {
        if (Platform is not null)
            await Platform.DisposeAsync();
    }
}
