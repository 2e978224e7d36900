using System.Globalization;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using IndieGent.Testing.Platform.Chaos;
using Microsoft.Extensions.Logging;

// The chaos run: the whole platform in this process with two instances of every service (real RabbitMQ, PostgreSQL and
// anvil from the test infrastructure), continuous load from many agents and random faults for a given time, then the
// invariant checks. Prints the report; exits 1 when an invariant was violated, with the evidence.
//   dotnet run -c Release --project bench/IndieGent.Chaos [-- --minutes 30 --agents 8 --fault-every 4 --seed 20261205]

// WebApplicationFactory finds each service's content root through a manifest beside the program.
Environment.CurrentDirectory = AppContext.BaseDirectory;
var options = new ChaosOptions(TimeSpan.FromMinutes(Number("--minutes", 2)), (int)Number("--agents", 6),
    TimeSpan.FromSeconds(Number("--fault-every", 4)), (int)Number("--seed", 20261205));

var postgres = new PostgresFixture();
var rabbit = new RabbitMqFixture();
var anvil = new AnvilFixture();
await Task.WhenAll(postgres.InitializeAsync().AsTask(), rabbit.InitializeAsync().AsTask(), anvil.InitializeAsync().AsTask());
try
{
    // Every log line is kept in memory: Information for short runs (a violation's evidence includes what the services logged
    // about the payment), Warning for long ones.
    await using var platform = await PaymentPlatform.StartAsync(postgres, rabbit, anvil, ChaosRun.Settings,
        options.Duration <= TimeSpan.FromMinutes(5) ? LogLevel.Information : LogLevel.Warning, captureTelemetry: false);
    // The program has its PostgreSQL to itself: a fault may restart it (when it runs as a local process, not in a container).
    var report = await new ChaosRun(platform, options with { RestartDatabase = postgres.CanRestart }, Console.Out).RunAsync(CancellationToken.None);
    Console.WriteLine(report);
    return report.Passed ? 0 : 1;
}
finally
{
    await anvil.DisposeAsync();
    await rabbit.DisposeAsync();
    await postgres.DisposeAsync();
}

double Number(string name, double fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
