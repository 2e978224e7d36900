using System.Net;
using System.Net.Sockets;

namespace IndieGent.Mcp;

/// <summary>
/// A handler for requests a server sends to URLs its callers name: it connects only to public internet
/// addresses, checked on the addresses it actually connects to (so a name that resolves to an internal
/// address, or changes to one, is refused), never to loopback, private, link-local, shared or
/// multicast ranges where the server's own neighbours live.
/// </summary>
public static class PublicNetworkHandler
{
    /// <summary>The handler; <paramref name="allowPrivateNetworks"/> lifts the rule (development, tests on one machine).</summary>
    public static SocketsHttpHandler Create(bool allowPrivateNetworks) => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AllowAutoRedirect = false,
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
            var allowed = allowPrivateNetworks ? addresses : addresses.Where(IsPublic).ToArray();
            if (allowed.Length == 0)
                throw new HttpRequestException($"{host} is not an address on the public internet; requests to private networks are refused.");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>Whether <paramref name="address"/> is a public unicast address.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address))
            return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] >= 224 || // this network, private, multicast and reserved
                     (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || // shared address space (carrier-grade NAT)
                     (b[0] == 169 && b[1] == 254) || // link-local (cloud metadata services live here)
                     (b[0] == 172 && b[1] >= 16 && b[1] <= 31) ||
                     (b[0] == 192 && b[1] == 168) ||
                     (b[0] == 192 && b[1] == 0 && b[2] == 0) ||
                     (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast ||
                     (b[0] & 0xFE) == 0xFC); // unique local fc00::/7
        }

        return false;
    }
}
