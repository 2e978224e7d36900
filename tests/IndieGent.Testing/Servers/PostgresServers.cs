namespace IndieGent.Testing.Servers;

/// <summary>Starts PostgreSQL where <see cref="InfrastructureModes"/> says.</summary>
internal static class PostgresServers
{
    public static Task<IPostgresServer> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(InfrastructureModes.Resolve(), cancellationToken);

    public static async Task<IPostgresServer> StartAsync(InfrastructureMode mode, CancellationToken cancellationToken) =>
        mode == InfrastructureMode.Containers
            ? await ContainerPostgresServer.StartAsync(cancellationToken)
            : await LocalPostgresServer.StartAsync(cancellationToken);
}
