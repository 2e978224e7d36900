using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>A test class with its own <see cref="PaymentPlatform"/> on the shared infrastructure.</summary>
public abstract class PlatformTest(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil) : IAsyncLifetime
{
    protected PaymentPlatform Platform { get; private set; } = null!;

    protected AnvilFixture Anvil => anvil;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Settings that differ from the platform's defaults for this class.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public virtual async ValueTask InitializeAsync() => Platform = await PaymentPlatform.StartAsync(postgres, rabbit, anvil, Settings);

    public async ValueTask DisposeAsync()
    {
        if (Platform is not null)
            await Platform.DisposeAsync();
    }
}
