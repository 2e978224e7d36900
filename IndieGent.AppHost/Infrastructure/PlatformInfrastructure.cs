namespace IndieGent.AppHost.Infrastructure;

/// <summary>What every service connects to: the broker, the PostgreSQL server and the chain.</summary>
public sealed record PlatformInfrastructure(
    IResourceBuilder<IResourceWithConnectionString> Broker,
    IResourceBuilder<IResourceWithConnectionString> Postgres,
    IResourceBuilder<AnvilResource> Chain,
    DevChainSetup ChainSetup,
    DevSecrets DevSecrets);
