using IndieGent.Net;

namespace IndieGent.Mcp;

/// <summary>The handler for <c>fetch_paid</c> on a server: requests go to the public internet only (<see cref="PublicNetwork"/>), and redirects are not followed.</summary>
public static class PublicNetworkHandler
{
    /// <summary>The handler; <paramref name="allowPrivateNetworks"/> lifts the rule (development, tests on one machine).</summary>
    public static SocketsHttpHandler Create(bool allowPrivateNetworks) => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AllowAutoRedirect = false,
        ConnectCallback = (context, ct) =>
            PublicNetwork.ConnectAsync(context.DnsEndPoint, allowPrivateNetworks, "requests to private networks are refused", ct),
    };
}
