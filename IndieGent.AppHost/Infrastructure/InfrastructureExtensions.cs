using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace IndieGent.AppHost.Infrastructure;

/// <summary>Adds the platform's infrastructure and services to the AppHost.</summary>
public static class InfrastructureExtensions
{
    /// <summary>Setting that forces the infrastructure mode: <c>auto</c> (default), <c>containers</c>, <c>executables</c>.</summary>
    public const string ModeSetting = "IndieGent:Infrastructure";

    public static PlatformInfrastructure AddIndieGentInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var layout = RepositoryLayout.From(builder.AppHostDirectory, builder.Configuration);
        var mode = ResolveMode(builder.Configuration[ModeSetting]);
        Prerequisites.EnsureAvailable(layout, mode);

        var (broker, postgres) = mode == InfrastructureMode.Containers
            ? AddContainers(builder)
            : AddExecutables(builder, layout);

        var chainSetup = new DevChainSetup();
        var anvilPort = FreePort.Next();
        var anvil = builder.AddResource(new AnvilResource("anvil", layout.Anvil, layout.Root, anvilPort))
            // A block every second, like a real chain: deposits gain confirmations without traffic.
            .WithArgs("--host", "127.0.0.1", "--port", anvilPort.ToString(), "--chain-id", DevChainSetup.ChainId.ToString(),
                "--block-time", "1", "--silent")
            .WithEndpoint(port: anvilPort, targetPort: anvilPort, scheme: "http", name: "rpc", isProxied: false)
            .WithHealthCheck(AddHealthCheck(builder, "anvil-token-deployed",
                ct => chainSetup.EnsureAsync(new Uri($"http://127.0.0.1:{anvilPort}"), ct)));

        return new PlatformInfrastructure(broker, postgres, anvil, chainSetup, DevSecrets.Generate());
    }

    /// <summary>
    /// Adds one IndieGent service: its own database on the shared server, the broker, the chain
    /// settings, and an HTTP readiness check on <c>/health</c> (broker + database).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddIndieGentService<TProject>(
        this IDistributedApplicationBuilder builder, string name, PlatformInfrastructure infrastructure)
        where TProject : IProjectMetadata, new()
    {
        var chain = infrastructure.Chain.Resource;
        // No launch profiles: the AppHost owns the ports (picked free at start), so two AppHosts
        // (or a test run beside a dev run) never collide.
        return builder.AddProject<TProject>(name, launchProfileName: null)
            .WithHttpEndpoint(name: "http")
            .WithReference(infrastructure.Broker)
            .WithEnvironment($"ConnectionStrings__{name}db",
                ReferenceExpression.Create($"{infrastructure.Postgres.Resource.ConnectionStringExpression};Database={name}"))
            .WithEnvironment("Chain__RpcUrl", chain.RpcUrl)
            .WithEnvironment("Chain__ChainId", DevChainSetup.ChainId.ToString())
            .WithEnvironment("Chain__TokenAddress", infrastructure.ChainSetup.TokenAddress)
            .WithEnvironment($"Identity__PublicKeys__{DevSecrets.IdentityKeyId}", infrastructure.DevSecrets.IdentityPublicKey)
            .WaitFor(infrastructure.Broker)
            .WaitFor(infrastructure.Postgres)
            .WaitFor(infrastructure.Chain)
            .WithHttpHealthCheck("/health");
    }

    /// <summary>Logs the resource's HTTP address once it is healthy, so a newcomer sees where to go.</summary>
    public static IResourceBuilder<ProjectResource> AnnounceWhenReady(this IResourceBuilder<ProjectResource> project, string label,
        string? note = null)
    {
        var endpoint = project.GetEndpoint("http");
        project.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(project.Resource, (e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IndieGent.AppHost")
                .LogInformation("{Label} is ready at {Url}{Note}", label, endpoint.Url, note is null ? "" : $" ({note})");
            return Task.CompletedTask;
        });
        return project;
    }

    private static InfrastructureMode ResolveMode(string? setting)
    {
        var requested = string.IsNullOrWhiteSpace(setting)
            ? InfrastructureMode.Auto
            : Enum.TryParse<InfrastructureMode>(setting, ignoreCase: true, out var parsed)
                ? parsed
                : throw new PrerequisiteException(
                    $"{ModeSetting} is '{setting}'; use auto, containers or executables.");

        return requested != InfrastructureMode.Auto
            ? requested
            : ContainerRuntime.IsAvailable() ? InfrastructureMode.Containers : InfrastructureMode.Executables;
    }

    private static (IResourceBuilder<IResourceWithConnectionString>, IResourceBuilder<IResourceWithConnectionString>) AddContainers(
        IDistributedApplicationBuilder builder)
    {
        var rabbit = builder.AddRabbitMQ("rabbitmq");
        var postgres = builder.AddPostgres("postgres");
        return (builder.CreateResourceBuilder<IResourceWithConnectionString>(rabbit.Resource),
                builder.CreateResourceBuilder<IResourceWithConnectionString>(postgres.Resource));
    }

    private static (IResourceBuilder<IResourceWithConnectionString>, IResourceBuilder<IResourceWithConnectionString>) AddExecutables(
        IDistributedApplicationBuilder builder, RepositoryLayout layout)
    {
        var dataRoot = LocalDataRoot.Create();

        var amqpPort = FreePort.Next();
        var amqpUri = $"amqp://indiegent:indiegent@127.0.0.1:{amqpPort}/";
        var rabbit = builder.AddResource(new LocalServerResource("rabbitmq", layout.RabbitMqLauncher, layout.Root,
                ReferenceExpression.Create($"{amqpUri}")))
            .WithArgs(layout.RabbitMqLauncher, Path.Combine(dataRoot, "rabbitmq"), amqpPort.ToString())
            .WithEndpoint(port: amqpPort, targetPort: amqpPort, scheme: "tcp", name: "amqp", isProxied: false)
            .WithHealthCheck(AddHealthCheck(builder, "rabbitmq-accepts-connections",
                ct => ServerProbes.RabbitMqAsync(amqpUri, ct)));

        var pgPort = FreePort.Next();
        var pgConnection = $"Host=127.0.0.1;Port={pgPort};Username=postgres;Password=postgres";
        var postgres = builder.AddResource(new LocalServerResource("postgres", layout.PostgresLauncher, layout.Root,
                ReferenceExpression.Create($"{pgConnection}")))
            .WithArgs(layout.PostgresLauncher, Path.Combine(dataRoot, "postgres"), pgPort.ToString())
            .WithEndpoint(port: pgPort, targetPort: pgPort, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck(AddHealthCheck(builder, "postgres-accepts-connections",
                ct => ServerProbes.PostgresAsync(pgConnection, ct)));

        return (builder.CreateResourceBuilder<IResourceWithConnectionString>(rabbit.Resource),
                builder.CreateResourceBuilder<IResourceWithConnectionString>(postgres.Resource));
    }

    private static string AddHealthCheck(IDistributedApplicationBuilder builder, string key, Func<CancellationToken, Task<HealthCheckResult>> check)
    {
        builder.Services.AddHealthChecks().AddAsyncCheck(key, check);
        return key;
    }
}
