using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>A test class with its own <see cref="PaymentPlatform"/> on the shared infrastructure.</summary>
public abstract class PlatformTest(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil) : IAsyncLifetime
{
    protected PaymentPlatform Platform { get; private set; } = null!;

    protected AnvilFixture Anvil => anvil;

    protected PostgresFixture Postgres => postgres;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Settings that differ from the platform's defaults for this class.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public virtual async ValueTask InitializeAsync() => Platform = await PaymentPlatform.StartAsync(postgres, rabbit, anvil, Settings);

    public virtual async ValueTask DisposeAsync()
    {
        if (Platform is null)
            return;
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
            ReportLogs();
        await Platform.DisposeAsync();
    }

    /// <summary>
    /// A failed test shows the services' warnings and errors in its output, and leaves every line
    /// the four services logged in the test results folder.
    /// </summary>
    private void ReportLogs()
    {
        var lines = Platform.Logs.Lines.ToArray();
        var output = TestContext.Current.TestOutputHelper;
        foreach (var line in lines.Where(l => l.Contains(" Warning: ", StringComparison.Ordinal) || l.Contains(" Error: ", StringComparison.Ordinal)
                     || l.Contains(" Critical: ", StringComparison.Ordinal)).Take(200))
            output?.WriteLine(line);

        var folder = Path.Combine(Environment.GetEnvironmentVariable("INDIEGENT_TEST_LOGS") ?? Path.GetTempPath(), "indiegent-platform-logs");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{TestContext.Current.Test?.TestDisplayName ?? "test"}-{DateTime.UtcNow:HHmmss}.log");
        File.WriteAllLines(file, lines);
        output?.WriteLine($"All {lines.Length} log lines of the platform: {file}");
    }
}
