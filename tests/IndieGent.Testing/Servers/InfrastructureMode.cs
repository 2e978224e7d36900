namespace IndieGent.Testing.Servers;

/// <summary>Where PostgreSQL and RabbitMQ run for the tests.</summary>
internal enum InfrastructureMode
{
    /// <summary>Testcontainers, on a Docker engine.</summary>
    Containers,

    /// <summary>Private instances of the locally installed servers, through <c>eng/infra/</c>.</summary>
    LocalProcesses,
}
