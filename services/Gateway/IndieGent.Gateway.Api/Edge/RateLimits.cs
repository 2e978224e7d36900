using System.Globalization;
using System.Threading.RateLimiting;
using IndieGent.ServiceDefaults.Identity;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace IndieGent.Gateway.Api.Edge;

/// <summary>
/// The Gateway's two rate limits, both token buckets answered with a 429 problem and
/// <c>Retry-After</c>: per client IP before authentication (so a flood of made-up keys is turned
/// away before anyone asks the Wallet), and per API key after it (one busy agent cannot starve
/// the rest). Health probes are not counted.
/// </summary>
public static class RateLimits
{
    /// <summary>Client addresses from <c>X-Forwarded-For</c>, only when the peer is a trusted proxy.</summary>
    public static WebApplication UseClientAddresses(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.TrustedProxies;
        if (proxies.Count == 0)
            return app;
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        foreach (var proxy in proxies)
            forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
        app.UseForwardedHeaders(forwarded);
        return app;
    }

    /// <summary>The per-IP limit; call before authentication.</summary>
    public static WebApplication UseRateLimitPerClientAddress(this WebApplication app)
    {
        var bucket = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.RateLimits.PerIp;
        app.UseRateLimiter(Options(PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsProbe(context)
                ? RateLimitPartition.GetNoLimiter("probe")
                : RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => Bucket(bucket))),
            "this address"));
        return app;
    }

    /// <summary>The per-key limit; call after authentication.</summary>
    public static WebApplication UseRateLimitPerApiKey(this WebApplication app)
    {
        var bucket = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.RateLimits.PerKey;
        app.UseRateLimiter(Options(PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.User.FindFirst(IdentityClaimTypes.KeyId)?.Value is { } keyId
                ? RateLimitPartition.GetTokenBucketLimiter(keyId, _ => Bucket(bucket))
                : RateLimitPartition.GetNoLimiter("anonymous")),
            "this API key"));
        return app;
    }

    private static bool IsProbe(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/alive");

    private static TokenBucketRateLimiterOptions Bucket(RateLimitBucket bucket) => new()
    {
        TokenLimit = bucket.Burst,
        TokensPerPeriod = bucket.PerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static RateLimiterOptions Options(PartitionedRateLimiter<HttpContext> limiter, string who) => new()
    {
        GlobalLimiter = limiter,
        RejectionStatusCode = StatusCodes.Status429TooManyRequests,
        OnRejected = (rejected, _) =>
        {
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return new ValueTask(rejected.HttpContext.WriteProblemAsync(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests",
                $"Too many requests from {who}; retry after {retryAfter} s."));
        },
    };
}
