namespace IndieGent.Testing.Servers;

/// <summary>A running PostgreSQL server, wherever it runs.</summary>
internal interface IPostgresServer : IAsyncDisposable
{
    /// <summary>Superuser connection to the server's maintenance database (no <c>Database=</c>).</summary>
    string ConnectionString { get; }

    /// <summary>The local instance, or null in a container.</summary>
    LocalServer? LocalServer { get; }
}
