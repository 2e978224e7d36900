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
    public async Task<string> StartReplicaAsync(string service)
    {
        if (!_own.ContainsKey(service) || service.Contains('#', StringComparison.Ordinal))
            throw new ArgumentOutOfRangeException(nameof(service), service, "Not a service of this platform.");
        var replica = $"{service}#{_ports.Keys.Count(k => k == service || k.StartsWith(service + "#", StringComparison.Ordinal)) + 1}";
        _ports[replica] = FreePort.Next();
        _own[replica] = new Dictionary<string, string>(_own[service]);
        // Its calls to other services (the Gateway's to all of them, Settlement's to the Wallet's signer) go to their newest instances.
        foreach (var route in _own[replica].Keys.Where(k => k.StartsWith("services:", StringComparison.Ordinal)).ToList())
            _own[replica][route] = AddressOf(Newest(route.Split(':')[1])).ToString().TrimEnd('/');

        await StartAsync(replica);
        await WaitUntilHealthyAsync();
        return replica;
    }

    /// <summary>Where a running instance (<c>gateway</c>, <c>gateway#2</c>, …) listens.</summary>
    public Uri AddressOf(string instance) => new($"http://127.0.0.1:{_ports[instance]}");

    // The newest running instance of a service.
    private string Newest(string service) =>
        _hosts.Keys.Where(k => k == service || k.StartsWith(service + "#", StringComparison.Ordinal)).OrderBy(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).Last();
}
