using System.Net.Sockets;
using IndieGent.Testing.Servers;
using Npgsql;

namespace IndieGent.Testing.Tests;

/// <summary>
/// Fixtures created here, apart from the assembly's: these tests own them, end them, and check
/// that nothing of them is left.
/// </summary>
public sealed class Fixtures_that_are_done
{
    private static readonly TimeSpan ReaperTimeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Leave_no_process_no_directory_and_no_open_port_behind_once_disposed()
    {
        var mode = InfrastructureModes.Resolve();
        var postgres = new PostgresFixture(mode);
        var rabbitMq = new RabbitMqFixture(mode);
        var anvil = new AnvilFixture(prestart: false);
        List<LocalServer> servers;
        List<int> started;
        List<(string Host, int Port)> endpoints;
        try
        {
            await Task.WhenAll(postgres.InitializeAsync().AsTask(), rabbitMq.InitializeAsync().AsTask(), anvil.InitializeAsync().AsTask());
            servers = new[] { postgres.LocalServer, rabbitMq.LocalServer, anvil.LocalServer }.OfType<LocalServer>().ToList();
            started = servers.SelectMany(server => server.Processes()).ToList();
            endpoints = Endpoints(postgres, rabbitMq, anvil);

            var names = started.Select(ProcessTable.Name).ToList();
            Assert.Contains("anvil", names);
            if (mode == InfrastructureMode.LocalProcesses)
            {
                // The postmaster and its helpers (checkpointer, writers, ...), which the session finds.
                Assert.True(names.Count(name => name == "postgres") > 1, string.Join(", ", names));
                Assert.Contains("beam.smp", names);
                // epmd daemonizes by default and outlives its node: ours must be tracked and stopped too.
                Assert.Contains("epmd", names);
            }

            foreach (var (host, port) in endpoints)
                Assert.True(await AcceptsConnectionsAsync(host, port), $"{host}:{port} should answer while the fixtures run");
        }
        finally
        {
            await postgres.DisposeAsync();
            await rabbitMq.DisposeAsync();
            await anvil.DisposeAsync();
        }

        Assert.All(started, pid => Assert.False(ProcessTable.IsAlive(pid), $"process {pid} ({ProcessTable.Name(pid)}) is still running"));
        Assert.All(servers, server => Assert.Empty(server.Processes()));
        Assert.All(servers, server => Assert.False(Directory.Exists(server.Directory), $"{server.Directory} is still there"));
        foreach (var (host, port) in endpoints)
            Assert.False(await AcceptsConnectionsAsync(host, port), $"{host}:{port} still answers");
    }

    [Fact]
    public async Task Are_cleaned_up_by_their_reaper_alone_when_the_test_process_dies()
    {
        var mode = InfrastructureModes.Resolve();
        var fixtures = new List<IAsyncLifetime> { new AnvilFixture(prestart: false) };
        if (mode == InfrastructureMode.LocalProcesses)
            fixtures.AddRange([new PostgresFixture(mode), new RabbitMqFixture(mode)]);
        try
        {
            await Task.WhenAll(fixtures.Select(fixture => fixture.InitializeAsync().AsTask()));
            var servers = fixtures.Select(LocalServerOf).ToList();
            var started = servers.SelectMany(server => server.Processes()).ToList();
            Assert.NotEmpty(started);

            // The kernel closes the pipe when the test process dies, however it dies; nothing else
            // of the normal disposal happens then.
            foreach (var server in servers)
                server.CloseReaperPipe();

            await WaitUntilAsync(() => started.All(pid => !ProcessTable.IsAlive(pid)) && servers.All(server => !Directory.Exists(server.Directory)));
            Assert.All(servers, server => Assert.Empty(server.Processes()));
        }
        finally
        {
            foreach (var fixture in fixtures)
                await fixture.DisposeAsync();
        }
    }

    private static LocalServer LocalServerOf(IAsyncLifetime fixture) => fixture switch
    {
        AnvilFixture anvil => anvil.LocalServer,
        PostgresFixture postgres => postgres.LocalServer!,
        RabbitMqFixture rabbitMq => rabbitMq.LocalServer!,
        _ => throw new ArgumentOutOfRangeException(nameof(fixture)),
    };

    private static List<(string Host, int Port)> Endpoints(PostgresFixture postgres, RabbitMqFixture rabbitMq, AnvilFixture anvil)
    {
        var database = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);
        var broker = new Uri(rabbitMq.AmqpUri);
        var chain = new Uri(anvil.RpcUrl);
        return [(database.Host!, database.Port), (broker.Host, broker.Port), (chain.Host, chain.Port)];
    }

    private static async Task<bool> AcceptsConnectionsAsync(string host, int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, Cancellation).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Cancellation);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(ReaperTimeout);
        while (!condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException) when (!Cancellation.IsCancellationRequested)
            {
                Assert.Fail($"Not done within {ReaperTimeout.TotalSeconds:0} s.");
            }
        }
    }
}
