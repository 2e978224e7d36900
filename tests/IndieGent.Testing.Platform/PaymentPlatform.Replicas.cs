namespace IndieGent.Testing.Platform;

/// <summary>More instances of a service, as replicas in a cluster.</summary>
public sealed partial class PaymentPlatform
{
    /// <summary>
    /// Starts another instance of <paramref name="service"/> — as a second replica in a cluster: the same database, broker
    /// user and settings, its own port — and answers its name (<c>ledger#2</c>), which <see cref="StopAsync"/>,
    /// <see cref="AddressOf"/> and <see cref="Services(string)"/> take. A replica calls the other services' newest instances
    /// (those started before it): requests through a Gateway replica cross instances the first Gateway never uses.
    /// </summary>
    /// <param name="asProcess">Run it in a process of its own, as deployed (its built assembly; see <see cref="ServiceProcess"/>),
    /// so that <see cref="KillAsync"/> can kill it with SIGKILL; otherwise it is hosted in this process.</param>
    public async Task<string> StartReplicaAsync(string service, bool asProcess = false)
    {
        if (!_own.ContainsKey(service) || service.Contains('#', StringComparison.Ordinal))
            throw new ArgumentOutOfRangeException(nameof(service), service, "Not a service of this platform.");
        var replica = $"{service}#{_ports.Keys.Count(k => k == service || k.StartsWith(service + "#", StringComparison.Ordinal)) + 1}";
        _ports[replica] = FreePort.Next();
        _own[replica] = new Dictionary<string, string>(_own[service]);
        // Its calls to other services (the Gateway's to all of them, Settlement's to the Wallet's signer) go to their newest instances.
        foreach (var route in _own[replica].Keys.Where(k => k.StartsWith("services:", StringComparison.Ordinal)).ToList())
            _own[replica][route] = AddressOf(Newest(route.Split(':')[1])).ToString().TrimEnd('/');

        if (asProcess)
            _processes.Add(replica);
        await StartAsync(replica);
        await WaitUntilHealthyAsync();
        return replica;
    }

    /// <summary>
    /// Kills an instance started with <c>asProcess</c> with SIGKILL: no shutdown, its work in flight cut off wherever it was.
    /// <see cref="StartAsync(string)"/> starts it again.
    /// </summary>
    public async Task KillAsync(string instance)
    {
        if (!_processes.Contains(instance) || !_hosts.Remove(instance, out var host))
            throw new ArgumentOutOfRangeException(nameof(instance), instance, "Not a running instance in a process of its own.");
        var process = (ServiceProcess)host;
        process.Kill();
        KeepLog(instance, process);
        await process.DisposeAsync();
    }

    /// <summary>Whether the instance runs in a process of its own.</summary>
    public bool IsProcess(string instance) => _processes.Contains(instance);

    // The service's built assembly, in the configuration this code was built in (…/bin/<configuration>/<framework>/).
    private static string AssemblyOf(string service)
    {
        var project = service.Split('#')[0] switch
        {
            "wallet" => "Wallet/IndieGent.Wallet.Api",
            "ledger" => "Ledger/IndieGent.Ledger.Api",
            "settlement" => "Settlement/IndieGent.Settlement.Api",
            "gateway" => "Gateway/IndieGent.Gateway.Api",
            "funding" => "Funding/IndieGent.Funding.Api",
            "marketplace" => "Marketplace/IndieGent.Marketplace.Api",
            _ => throw new ArgumentOutOfRangeException(nameof(service), service, "Not a service that runs as a process."),
        };
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        return Path.Combine(RepositoryPaths.Root, "services", project, "bin", framework.Parent!.Name, framework.Name, Path.GetFileName(project) + ".dll");
    }

    /// <summary>Where a running instance (<c>gateway</c>, <c>gateway#2</c>, …) listens.</summary>
    public Uri AddressOf(string instance) => new($"http://127.0.0.1:{_ports[instance]}");

    // The newest running instance of a service.
    private string Newest(string service) =>
        _hosts.Keys.Where(k => k == service || k.StartsWith(service + "#", StringComparison.Ordinal)).OrderBy(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).Last();
}
