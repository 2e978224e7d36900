using IndieGent.Testing;
using IndieGent.Testing.Platform.Chaos;

namespace IndieGent.Platform.Tests;

/// <summary>
/// The chaos run's short version (the program <c>bench/IndieGent.Chaos</c> runs it for as long as asked): two minutes of
/// load and random faults on two instances of every service, then every invariant checked. The report is the test's output.
/// </summary>
public sealed class Chaos(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil) : PlatformTest(postgres, rabbit, anvil)
{
    protected override IReadOnlyDictionary<string, string>? Settings => ChaosRun.Settings;

    // The run reorganises its chain and restarts PostgreSQL: the other classes' blocks and sessions are not its to take.
    protected override bool OwnChain => true;

    protected override bool OwnDatabase => true;

    [Fact]
    public async Task Two_minutes_of_load_and_faults_leave_every_invariant_holding()
    {
        var output = new StringWriter();
        var report = await new ChaosRun(Platform, new ChaosOptions(TimeSpan.FromMinutes(2), Agents: 4, RestartDatabase: Postgres.CanRestart), output).RunAsync(Ct);

        TestContext.Current.TestOutputHelper?.WriteLine(output.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        Assert.True(report.Passed, report.ToString());
        Assert.NotEmpty(report.Faults);
        Assert.True(report.Payments.GetValueOrDefault("Settled") > 0, report.ToString());
    }
}
