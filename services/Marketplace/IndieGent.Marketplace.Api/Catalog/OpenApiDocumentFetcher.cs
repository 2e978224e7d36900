using System.Net;
using IndieGent.Marketplace.Discovery;
using IndieGent.Net;
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
        ConnectCallback = (context, ct) =>
            PublicNetwork.ConnectAsync(context.DnsEndPoint, settings.AllowPrivateNetworks, "documents are fetched from public addresses only", ct),
    };
}
