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

        var accounts = ServiceAccounts.From(layout.Root);
        var (broker, postgres, connections) = mode == InfrastructureMode.Containers
            ? AddContainers(builder, accounts)
            : AddExecutables(builder, layout, accounts);

        var chainSetup = new DevChainSetup();
        var anvilPort = FreePort.Next();
        var anvil = builder.AddResource(new AnvilResource("anvil", layout.Anvil, layout.Root, anvilPort))
            // A block every second, like a real chain: deposits gain confirmations without traffic.
            .WithArgs("--host", "127.0.0.1", "--port", anvilPort.ToString(), "--chain-id", DevChainSetup.ChainId.ToString(),
                "--block-time", "1", "--silent")
            .WithEndpoint(port: anvilPort, targetPort: anvilPort, scheme: "http", name: "rpc", isProxied: false)
            .WithHealthCheck(AddHealthCheck(builder, "anvil-token-deployed",
                ct => chainSetup.EnsureAsync(new Uri($"http://127.0.0.1:{anvilPort}"), ct)));

        return new PlatformInfrastructure(broker, postgres, connections, anvil, chainSetup, DevSecrets.Generate());
    }

    /// <summary>
    /// Adds one IndieGent service: its own database on the shared server and the broker, each under
    /// the service's own account, the chain's id and token, and an HTTP readiness check on
    /// <c>/health</c> (broker + database). Only services that talk to the chain get its RPC address
    /// (<see cref="WithChainRpc"/>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddIndieGentService<TProject>(
        this IDistributedApplicationBuilder builder, string name, PlatformInfrastructure infrastructure)
        where TProject : IProjectMetadata, new()
    {
        // No launch profiles: the AppHost owns the ports (picked free at start), so two AppHosts
        // (or a test run beside a dev run) never collide.
        return builder.AddProject<TProject>(name, launchProfileName: null)
            .WithHttpEndpoint(name: "http")
            .WithEnvironment("ConnectionStrings__rabbitmq", infrastructure.Connections.Broker(name))
            .WithEnvironment($"ConnectionStrings__{name}db", infrastructure.Connections.Database(name))
            .WithEnvironment("Chain__ChainId", DevChainSetup.ChainId.ToString())
            .WithEnvironment("Chain__TokenAddress", infrastructure.ChainSetup.TokenAddress)
            .WithEnvironment($"Identity__PublicKeys__{DevSecrets.IdentityKeyId}", infrastructure.DevSecrets.IdentityPublicKey)
            .WaitFor(infrastructure.Broker)
            .WaitFor(infrastructure.Postgres)
            .WaitFor(infrastructure.Chain)
            .WithHttpHealthCheck("/health");
    }

    /// <summary>The chain's JSON-RPC address, for a service that talks to the chain (never the Wallet).</summary>
    public static IResourceBuilder<ProjectResource> WithChainRpc(this IResourceBuilder<ProjectResource> project, PlatformInfrastructure infrastructure) =>
        project.WithEnvironment("Chain__RpcUrl", infrastructure.Chain.Resource.RpcUrl);

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

    private static (IResourceBuilder<IResourceWithConnectionString>, IResourceBuilder<IResourceWithConnectionString>, ServiceConnections)
        AddContainers(IDistributedApplicationBuilder builder, ServiceAccounts accounts)
    {
        var rabbit = builder.AddRabbitMQ("rabbitmq").WithManagementPlugin();
        var amqp = rabbit.GetEndpoint("tcp");
        var management = rabbit.GetEndpoint("management");
        rabbit.WithHealthCheck(AddOnceCheck(builder, "rabbitmq-service-accounts", async ct =>
        {
            var user = rabbit.Resource.UserNameParameter is { } name ? await name.GetValueAsync(ct) : "guest";
            await accounts.ProvisionRabbitMqAsync(new Uri(management.Url), user!, (await rabbit.Resource.PasswordParameter.GetValueAsync(ct))!, ct);
        }));

        var postgres = builder.AddPostgres("postgres");
        var pg = postgres.GetEndpoint("tcp");
        postgres.WithHealthCheck(AddOnceCheck(builder, "postgres-service-accounts", async ct =>
            await accounts.ProvisionPostgresAsync((await postgres.Resource.ConnectionStringExpression.GetValueAsync(ct))!, ct)));

        var connections = new ServiceConnections(
            service => ReferenceExpression.Create(
                $"amqp://{ServiceAccounts.BrokerUser(service)}:{accounts.Password(service)}@{amqp.Property(EndpointProperty.HostAndPort)}/"),
            service => ReferenceExpression.Create(
                $"Host={pg.Property(EndpointProperty.Host)};Port={pg.Property(EndpointProperty.Port)};Username={service};Password={accounts.Password(service)};Database={service}"));
        return (builder.CreateResourceBuilder<IResourceWithConnectionString>(rabbit.Resource),
                builder.CreateResourceBuilder<IResourceWithConnectionString>(postgres.Resource), connections);
    }

    private static (IResourceBuilder<IResourceWithConnectionString>, IResourceBuilder<IResourceWithConnectionString>, ServiceConnections)
        AddExecutables(IDistributedApplicationBuilder builder, RepositoryLayout layout, ServiceAccounts accounts)
    {
        var dataRoot = LocalDataRoot.Create();

        var amqpPort = FreePort.Next();
        var amqpUri = $"amqp://indiegent:indiegent@127.0.0.1:{amqpPort}/";
        var rabbit = builder.AddResource(new LocalServerResource("rabbitmq", layout.RabbitMqLauncher, layout.Root,
                ReferenceExpression.Create($"{amqpUri}")))
            .WithArgs(layout.RabbitMqLauncher, Path.Combine(dataRoot, "rabbitmq"), amqpPort.ToString())
            .WithEndpoint(port: amqpPort, targetPort: amqpPort, scheme: "tcp", name: "amqp", isProxied: false)
            .WithHealthCheck(AddHealthCheck(builder, "rabbitmq-accepts-connections",
                ct => ServerProbes.RabbitMqAsync(amqpUri, ct)))
            .WithHealthCheck(AddOnceCheck(builder, "rabbitmq-service-accounts", async ct =>
            {
                if ((await ServerProbes.RabbitMqAsync(amqpUri, ct)).Status != HealthStatus.Healthy)
                    throw new InvalidOperationException("The broker does not accept connections yet.");
                await accounts.ProvisionRabbitMqAsync(Path.Combine(dataRoot, "rabbitmq", "rabbitmqctl"), ct);
            }));

        var pgPort = FreePort.Next();
        var pgConnection = $"Host=127.0.0.1;Port={pgPort.ToString()};Username=postgres;Password=postgres";
        var postgres = builder.AddResource(new LocalServerResource("postgres", layout.PostgresLauncher, layout.Root,
                ReferenceExpression.Create($"{pgConnection}")))
            .WithArgs(layout.PostgresLauncher, Path.Combine(dataRoot, "postgres"), pgPort.ToString())
            .WithEndpoint(port: pgPort, targetPort: pgPort, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck(AddHealthCheck(builder, "postgres-accepts-connections",
                ct => ServerProbes.PostgresAsync(pgConnection, ct)))
            .WithHealthCheck(AddOnceCheck(builder, "postgres-service-accounts", ct => accounts.ProvisionPostgresAsync(pgConnection, ct)));

        var connections = new ServiceConnections(
            service => ReferenceExpression.Create($"amqp://{ServiceAccounts.BrokerUser(service)}:{accounts.Password(service)}@127.0.0.1:{amqpPort.ToString()}/"),
            service => ReferenceExpression.Create(
                $"Host=127.0.0.1;Port={pgPort.ToString()};Username={service};Password={accounts.Password(service)};Database={service}"));
        return (builder.CreateResourceBuilder<IResourceWithConnectionString>(rabbit.Resource),
                builder.CreateResourceBuilder<IResourceWithConnectionString>(postgres.Resource), connections);
    }

    private static string AddHealthCheck(IDistributedApplicationBuilder builder, string key, Func<CancellationToken, Task<HealthCheckResult>> check)
    {
        builder.Services.AddHealthChecks().AddAsyncCheck(key, check);
        return key;
    }

    // A step that must succeed once (provisioning): unhealthy, with the reason, until it has.
    private static string AddOnceCheck(IDistributedApplicationBuilder builder, string key, Func<CancellationToken, Task> step)
    {
        var done = false;
        var gate = new SemaphoreSlim(1, 1);
        return AddHealthCheck(builder, key, async ct =>
        {
            await gate.WaitAsync(ct);
            try
            {
                if (!done)
                {
                    await step(ct);
                    done = true;
                }

                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy($"{key}: {e.Message}");
            }
            finally
            {
                gate.Release();
            }
        });
    }
}
