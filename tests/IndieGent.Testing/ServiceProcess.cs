using IndieGent.Testing.Servers;

namespace IndieGent.Testing;

/// <summary>
/// A service of the platform in a process of its own — its built assembly run by <c>dotnet</c>, configured through
/// environment variables, as it is deployed — for tests that must kill an instance with SIGKILL rather than stop a host.
/// Like every local server it has a reaper: it never outlives the test process. Its output is in <see cref="LogFile"/>.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly LocalServer _server;

    private ServiceProcess(LocalServer server) => _server = server;

    /// <summary>Where the service's console output goes.</summary>
    public string LogFile => _server.LogFile;

    /// <summary>
    /// Starts the service assembly <paramref name="assembly"/> listening on <paramref name="port"/>, with
    /// <paramref name="settings"/> (configuration keys, <c>Section:Key</c>) as its environment.
    /// </summary>
    public static ServiceProcess Start(string name, string assembly, IEnumerable<KeyValuePair<string, string>> settings, int port)
    {
        if (!File.Exists(assembly))
            throw new InvalidOperationException($"{assembly} is missing: build the solution first.");
        var environment = new Dictionary<string, string>();
        foreach (var (key, value) in settings)
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // Its appsettings.json beside it: the working directory is the instance's own.
        environment["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(assembly)!;
        return new ServiceProcess(LocalServer.Start(name, "dotnet", _ => [assembly], environment));
    }

    /// <summary>SIGKILL to every process of the instance: no shutdown, nothing flushed, connections dropped by the kernel.</summary>
    public void Kill() => ProcessTable.Kill(_server.Processes());

    /// <summary>Stops it as an orchestrator does (SIGTERM, then SIGKILL if it lingers) and removes its directory.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
