using System.Security.Cryptography;
using System.Diagnostics;
using IndieGent.Testing.Servers;
using Xunit;

namespace IndieGent.Testing;

/// <summary>
/// A RabbitMQ broker for a test assembly: <c>[assembly: AssemblyFixture(typeof(RabbitMqFixture))]</c>,
/// then take it in test class constructors and give each test class its own virtual host
/// (<see cref="CreateVirtualHostAsync(CancellationToken)"/>).
/// </summary>
/// <remarks>
/// Testcontainers runs it where a Docker engine answers; otherwise a private node of the locally
/// installed RabbitMQ runs in a temporary directory on free loopback ports, with its own epmd
/// (<c>eng/infra/rabbitmq.sh</c>). The environment variable <c>INDIEGENT_TEST_INFRASTRUCTURE</c>
/// (<c>auto</c>, <c>containers</c>, <c>local</c>) overrides the choice. Either way the broker is
/// gone after the fixture is disposed, and also when the test process dies.
/// </remarks>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private readonly InfrastructureMode? _mode;
    private IRabbitMqServer? _server;

    /// <summary>Used by xunit; the broker starts in <see cref="InitializeAsync"/>.</summary>
    public RabbitMqFixture()
    {
    }

    /// <param name="mode">Where to run the broker; never takes a broker started ahead for the assembly (for tests that own their fixture).</param>
    internal RabbitMqFixture(InfrastructureMode mode) => _mode = mode;

    /// <summary>
    /// AMQP URI of the default virtual host ("/"), with credentials, e.g.
    /// <c>amqp://indiegent:indiegent@127.0.0.1:41234/</c>.
    /// </summary>
    public string AmqpUri => Server.AmqpUri;

    internal LocalServer? LocalServer => Server.LocalServer;

    private IRabbitMqServer Server => _server ?? throw new InvalidOperationException("RabbitMQ is not started: InitializeAsync has not run.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var waited = Stopwatch.StartNew();
        _server = _mode is { } mode
            ? await RabbitMqServers.StartAsync(mode, cancellationToken)
            : await Prestart.TakeAsync<IRabbitMqServer>(typeof(RabbitMqFixture), cancellationToken);
        // Shown with xunit's diagnostic messages on: where the server runs and what start-up cost this fixture.
        TestContext.Current.SendDiagnosticMessage(
            $"RabbitMqFixture: RabbitMQ {(LocalServer is null ? "in a container" : "as a local process")} on {new Uri(AmqpUri).Host}:{new Uri(AmqpUri).Port}, ready after {waited.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Creates a new virtual host, with full permissions for the fixture's user, and returns its
    /// AMQP URI: queues and exchanges in it are invisible to every other virtual host.
    /// </summary>
    public Task<string> CreateVirtualHostAsync(CancellationToken cancellationToken = default) =>
        CreateVirtualHostAsync([], cancellationToken);

    /// <summary>
    /// Creates a new virtual host, with full permissions for the fixture's user and each of
    /// <paramref name="users"/>' own, and returns its AMQP URI with the fixture's user.
    /// </summary>
    public async Task<string> CreateVirtualHostAsync(IReadOnlyList<BrokerUser> users, CancellationToken cancellationToken = default)
    {
        var name = $"test-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        await Server.AddVirtualHostAsync(name, users, cancellationToken);
        return new UriBuilder(AmqpUri) { Path = "/" + Uri.EscapeDataString(name) }.Uri.AbsoluteUri;
    }

    /// <summary><paramref name="vhostUri"/> with <paramref name="user"/>'s credentials instead of the fixture's.</summary>
    public static string As(string vhostUri, BrokerUser user) =>
        new UriBuilder(vhostUri) { UserName = Uri.EscapeDataString(user.Name), Password = Uri.EscapeDataString(user.Password) }.Uri.AbsoluteUri;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
