using System.Net;
using System.Net.Sockets;

namespace IndieGent.Net;

/// <summary>
/// Where a server may connect when a caller names the URL (an operator's OpenAPI document, an agent's
/// <c>fetch_paid</c>): the public internet only. The rule is applied to the addresses actually connected
/// to, in <see cref="SocketsHttpHandler.ConnectCallback"/>, so a name that resolves to an internal address,
/// resolves differently the second time, or is reached by a redirect cannot get inside: never loopback,
/// private, link-local (cloud metadata services), shared (carrier-grade NAT), documentation, reserved or
/// multicast ranges, nor unique-local or site-local IPv6.
/// </summary>
public static class PublicNetwork
{
    /// <summary>
    /// A connect callback: connects to <paramref name="endpoint"/> on a public address (any address when
    /// <paramref name="allowPrivateNetworks"/>: development and tests on one machine), else refuses with an
    /// <see cref="HttpRequestException"/> saying so and why (<paramref name="purpose"/>).
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivateNetworks, string purpose, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, ct).ConfigureAwait(false);
        var allowed = allowPrivateNetworks ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"'{endpoint.Host}' is not a public internet address; {purpose}.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether an address is on the public internet (not loopback, private, link-local, shared, documentation, reserved or multicast).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => false,
            100 => b[1] is < 64 or > 127, // 100.64.0.0/10, carrier-grade NAT
            169 => b[1] != 254,
            172 => b[1] is < 16 or > 31,
            192 => !(b[1] == 168 || (b[1] == 0 && b[2] is 0 or 2)),
            198 => b[1] is not (18 or 19) && !(b[1] == 51 && b[2] == 100),
            203 => !(b[1] == 0 && b[2] == 113),
            >= 224 => false, // multicast and reserved
            _ => true,
        };
    }
}
