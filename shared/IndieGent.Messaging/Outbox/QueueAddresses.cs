namespace IndieGent.Messaging.Outbox;

/// <summary>
/// A send to a receive endpoint's queue goes through the exchange of the same name, which the endpoint binds to its queue.
/// A send to a <em>queue</em> address makes MassTransit declare that queue as a classic queue, which the broker refuses for a
/// quorum queue (406, inequivalent <c>x-queue-type</c>); the exchange address declares nothing but the exchange.
/// </summary>
internal static class QueueAddresses
{
    /// <summary><paramref name="address"/> as the address of the exchange bound to it (unchanged when it already is one).</summary>
    public static Uri ThroughExchange(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Scheme == "queue")
            return new Uri("exchange:" + address.OriginalString["queue:".Length..]);
        if (!address.IsAbsoluteUri || string.IsNullOrEmpty(address.Query))
            return address;
        var query = address.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !string.Equals(p, "bind=true", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        return new UriBuilder(address) { Query = string.Join('&', query) }.Uri;
    }
}
