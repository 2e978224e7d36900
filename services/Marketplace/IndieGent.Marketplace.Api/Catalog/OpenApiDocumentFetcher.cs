using System.Net;
using System.Net.Sockets;
using IndieGent.Marketplace.Discovery;
using Microsoft.Extensions.Options;

namespace IndieGent.Marketplace.Api.Catalog;

/// <summary>
/// Fetches and reads an OpenAPI document an operator asks to import: http(s) only, one time limit for
/// the whole exchange, the size limit enforced while reading (after decompression), at most three
/// redirects (to http(s) only), and — unless <see cref="ImportOptions.AllowPrivateNetworks"/> — never
/// from a non-public address, checked on the addresses actually connected to (so a name that
/// resolves differently the second time, or a redirect, cannot reach inside).
/// </summary>
public sealed class OpenApiDocumentFetcher(IHttpClientFactory clients, IOptions<ImportOptions> options)
{
    public const string Client = "openapi-imports";

    /// <summary>The document read (<see cref="Result"/>), or why it could not be fetched (<see cref="Failure"/>).</summary>
    public sealed record Fetched(DiscoveryResult? Result, string? Failure);

    public async Task<Fetched> FetchAsync(Uri url, CancellationToken ct)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/json, application/yaml;q=0.9, application/vnd.oai.openapi;q=0.9, */*;q=0.1");
            using var response = await clients.CreateClient(Client).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
                return new Fetched(null, $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            // Relative server URLs and links resolve against where the document really came from.
            var documentUrl = response.RequestMessage?.RequestUri ?? url;
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var result = await OpenApiDiscovery.ParseAsync(body,
                new DiscoveryOptions { DocumentUrl = documentUrl, MaxDocumentBytes = settings.MaxDocumentBytes }, timeout.Token);
            return new Fetched(result, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Fetched(null, $"{url} did not answer within {settings.TimeoutSeconds} s.");
        }
        catch (HttpRequestException e)
        {
            return new Fetched(null, $"{url} could not be read: {e.Message}");
        }
    }

    /// <summary>The primary handler of <see cref="Client"/>.</summary>
    public static SocketsHttpHandler Handler(ImportOptions settings) => new()
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 3,
        AutomaticDecompression = DecompressionMethods.All,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, settings.AllowPrivateNetworks, ct),
    };

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        var allowed = addresses.Where(a => allowPrivate || IsPublic(a)).ToArray();
        if (allowed.Length == 0)
            throw new HttpRequestException(HttpRequestError.ConnectionError,
                $"'{endpoint.Host}' is not a public internet address; documents are fetched from public addresses only.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether an address is on the public internet (not loopback, private, link-local, shared, reserved or multicast).</summary>
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
