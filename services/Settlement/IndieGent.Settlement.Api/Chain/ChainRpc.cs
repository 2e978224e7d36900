using Nethereum.JsonRpc.Client;
using Nethereum.Web3;

namespace IndieGent.Settlement.Api.Chain;

/// <summary>
/// The JSON-RPC client. Hosted RPC providers put the API key in the URL's path or query, so
/// Nethereum is only ever told the endpoint's origin (it writes its URL into every exception
/// message, which reaches logs and failure details); the full URL is put back on each request
/// by the innermost handler, below anything that logs. Spans are scrubbed by the telemetry
/// redaction of ServiceDefaults.
/// </summary>
public static class ChainRpc
{
    public static IWeb3 Create(string rpcUrl)
    {
        var full = new Uri(rpcUrl);
        var origin = new Uri(full.GetLeftPart(UriPartial.Authority) + "/");
        var http = new HttpClient(new SecretUrlHandler(full) { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) } })
        {
            BaseAddress = origin,
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new Web3(new RpcClient(origin, http));
    }

    private sealed class SecretUrlHandler(Uri full) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = full;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
