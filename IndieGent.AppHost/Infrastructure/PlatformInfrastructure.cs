namespace IndieGent.AppHost.Infrastructure;

/// <summary>What every service connects to: the broker, the PostgreSQL server and the chain.</summary>
public sealed record PlatformInfrastructure(
    IResourceBuilder<IResourceWithConnectionString> Broker,
    IResourceBuilder<IResourceWithConnectionString> Postgres,
    ServiceConnections Connections,
    IResourceBuilder<AnvilResource> Chain,
    DevChainSetup ChainSetup,
    DevSecrets DevSecrets);

/// <summary>Each service's connection strings, under its own broker user and database role (<see cref="ServiceAccounts"/>).</summary>
public sealed record ServiceConnections(Func<string, ReferenceExpression> Broker, Func<string, ReferenceExpression> Database);
