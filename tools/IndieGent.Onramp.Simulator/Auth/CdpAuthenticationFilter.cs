using IndieGent.Onramp.Simulator.Coinbase;
using Microsoft.AspNetCore.Http.Features;

namespace IndieGent.Onramp.Simulator.Auth;

/// <summary>
/// Guards Coinbase's endpoints: a request passes only with a CDP JWT minted for its method, host
/// (the <c>Host</c> header, port included) and path as sent (the raw target without the query).
/// A refusal is CDP's 401 body; the reason goes to the log only.
/// </summary>
public sealed partial class CdpAuthenticationFilter(CdpJwtVerifier verifier, ILogger<CdpAuthenticationFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var refusal = verifier.Refusal(http.Request.Headers.Authorization.FirstOrDefault(), RequestUri(http));
        if (refusal is null)
            return await next(context);
        LogRefused(http.Request.Method, http.Request.Path, refusal);
        return CoinbaseErrors.Unauthenticated(http);
    }

    /// <summary>The <c>uris</c> entry this request needs: <c>"GET 127.0.0.1:5080/onramp/v1/buy/user/u1/transactions"</c>.</summary>
    public static string RequestUri(HttpContext http)
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (http.Request.PathBase + http.Request.Path).ToUriComponent();
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return $"{http.Request.Method} {http.Request.Host.Value}{(query < 0 ? target : target[..query])}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path}: {Reason}")]
    private partial void LogRefused(string method, string path, string reason);
}
