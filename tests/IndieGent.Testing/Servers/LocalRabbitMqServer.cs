using System.Diagnostics;
using System.Globalization;

namespace IndieGent.Testing.Servers;

/// <summary>A private RabbitMQ node in a temporary directory, run by <c>eng/infra/rabbitmq.sh</c>.</summary>
internal sealed class LocalRabbitMqServer(LocalServer server, string amqpUri) : IRabbitMqServer
{
    // Booting takes 3–8 s on an idle machine; a busy CI machine can take several times that.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    // Each rabbitmqctl boots an Erlang VM (a third of a second of CPU): when many test classes ask
    // for virtual hosts at once, a few at a time keep a small machine responsive.
    private static readonly SemaphoreSlim CommandSlots = new(4);

    public string AmqpUri { get; } = amqpUri;

    public LocalServer LocalServer { get; } = server;

    /// <summary>rabbitmqctl bound to this node (written by the launcher next to the node's data).</summary>
    private string Ctl => Path.Combine(LocalServer.Directory, "data", "rabbitmqctl");

    public static async Task<LocalRabbitMqServer> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server"))
            throw new PrerequisiteMissingException("RabbitMQ server (/usr/lib/rabbitmq/bin/rabbitmq-server, Debian package rabbitmq-server)");

        return await FreePort.StartAsync(port => StartAsync(port, cancellationToken));
    }

    private static async Task<LocalRabbitMqServer> StartAsync(int port, CancellationToken cancellationToken)
    {
        var server = LocalServer.Start("rabbitmq", "bash",
            directory => [RepositoryPaths.RabbitMqLauncher, Path.Combine(directory, "data"), port.ToString(CultureInfo.InvariantCulture)]);
        var rabbitMq = new LocalRabbitMqServer(server, $"amqp://{RabbitMqServers.User}:{RabbitMqServers.Password}@127.0.0.1:{port}/");
        try
        {
            await server.WaitUntilReadyAsync(
                ct => RabbitMqServers.AcceptsConnectionsAsync(rabbitMq.AmqpUri, ct), StartTimeout, cancellationToken);
            return rabbitMq;
        }
        catch
        {
            await rabbitMq.DisposeAsync();
            throw;
        }
    }

    public async Task AddVirtualHostAsync(string name, IReadOnlyList<BrokerUser> users, CancellationToken cancellationToken)
    {
        // One rabbitmqctl (one Erlang VM) for the virtual host, its users and their permissions.
        var definitions = Path.Combine(LocalServer.Directory, $"definitions-{name}.json");
        await File.WriteAllTextAsync(definitions, RabbitMqServers.Definitions(name, users), cancellationToken);
        try
        {
            await RunCtlAsync(["import_definitions", definitions], cancellationToken);
        }
        finally
        {
            File.Delete(definitions);
        }
    }

    public ValueTask DisposeAsync() => LocalServer.DisposeAsync();

    private async Task RunCtlAsync(string[] arguments, CancellationToken cancellationToken)
    {
        await CommandSlots.WaitAsync(cancellationToken);
        try
        {
            var start = new ProcessStartInfo("bash")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(Ctl);
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start rabbitmqctl.");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(CommandTimeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                    throw;
                throw new TimeoutException($"rabbitmqctl {string.Join(' ', arguments)} did not finish within {CommandTimeout.TotalSeconds:0} s.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"rabbitmqctl {string.Join(' ', arguments)} failed with code {process.ExitCode}: {await error}{await output}");
            }
        }
        finally
        {
            CommandSlots.Release();
        }
    }
}
