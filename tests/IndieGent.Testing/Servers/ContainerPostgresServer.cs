using Npgsql;
using Testcontainers.PostgreSql;

namespace IndieGent.Testing.Servers;

/// <summary>PostgreSQL in a Testcontainers container.</summary>
internal sealed class ContainerPostgresServer(PostgreSqlContainer container) : IPostgresServer
{
    // The major version the local path runs (Debian 12's), so both paths behave alike.
    private const string Image = "postgres:15-alpine";

    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder
    {
        Host = container.Hostname,
        Port = container.GetMappedPublicPort(PostgreSqlBuilder.PostgreSqlPort),
        Username = "postgres",
        Password = "postgres",
    }.ConnectionString;

    public LocalServer? LocalServer => null;

    public static async Task<ContainerPostgresServer> StartAsync(CancellationToken cancellationToken)
    {
        var container = new PostgreSqlBuilder(Image)
            .WithUsername("postgres")
            .WithPassword("postgres")
            .WithDatabase("postgres")
            .Build();
        try
        {
            await container.StartAsync(cancellationToken);
            return new ContainerPostgresServer(container);
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => container.DisposeAsync();
}
