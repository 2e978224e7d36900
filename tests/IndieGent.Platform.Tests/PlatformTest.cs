using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>A test class with its own <see cref="PaymentPlatform"/> on the shared infrastructure.</summary>
public abstract class PlatformTest(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil) : IAsyncLifetime
{
    private AnvilFixture? _ownChain;
    private PostgresFixture? _ownDatabase;

    protected PaymentPlatform Platform { get; private set; } = null!;

    protected AnvilFixture Anvil => _ownChain ?? anvil;

    protected PostgresFixture Postgres => _ownDatabase ?? postgres;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Settings that differ from the platform's defaults for this class.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    /// <summary>Whether the class runs on a chain of its own (a test that reorganises it must not undo the other classes' blocks).</summary>
    protected virtual bool OwnChain => false;

    /// <summary>Whether the class runs on a PostgreSQL server of its own (a test that restarts it must not cut the other classes off).</summary>
    protected virtual bool OwnDatabase => false;

    public virtual async ValueTask InitializeAsync()
    {
        if (OwnChain)
            _ownChain = await AnvilFixture.StartPrivateAsync();
        if (OwnDatabase)
            _ownDatabase = await PostgresFixture.StartPrivateAsync();
        Platform = await PaymentPlatform.StartAsync(Postgres, rabbit, Anvil, Settings);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (Platform is not null)
        {
            if (TestContext.Current.TestState?.Result == TestResult.Failed)
                ReportLogs();
            await Platform.DisposeAsync();
        }

        if (_ownChain is not null)
            await _ownChain.DisposeAsync();
        if (_ownDatabase is not null)
            await _ownDatabase.DisposeAsync();
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
