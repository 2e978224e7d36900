using System.ComponentModel.DataAnnotations;

namespace IndieGent.Gateway.Api;

/// <summary>The Gateway's settings (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string Section = "Gateway";

    /// <summary>
    /// The administrator's API key (creates operators). Optional; when set, at least 32 characters.
    /// Compared in constant time, never logged.
    /// </summary>
    [MinLength(32)]
    public string? AdminApiKey { get; set; }

    /// <summary>How long <c>POST /v1/payments</c> waits for an outcome by default before answering 202.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan PaymentWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a verified API key is trusted before the Wallet is asked again (a revoked key works this long at most).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ApiKeyCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many API keys' answers (valid or not) are remembered at most.</summary>
    [Range(1, 10_000_000)]
    public int ApiKeyCacheSize { get; set; } = 100_000;

    /// <summary>How many payment event streams (<c>GET /v1/payments/events</c>) one operator may hold open in one Gateway instance.</summary>
    [Range(1, 1000)]
    public int MaxPaymentStreamsPerOperator { get; set; } = 20;

    /// <summary>How long the Wallet may take to verify an API key before the caller gets a 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan ApiKeyVerificationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many <c>POST /v1/payments</c> of one agent may wait for an outcome at once; beyond that a
    /// payment still proceeds but is answered 202 at once (poll its <c>Location</c>).
    /// </summary>
    [Range(0, 10_000)]
    public int MaxWaitingPaymentsPerAgent { get; set; } = 16;

    /// <summary>The most challenges one payment request may carry (WWW-Authenticate values).</summary>
    [Range(1, 100)]
    public int MaxChallenges { get; set; } = 16;

    /// <summary>The longest single challenge (or PAYMENT-REQUIRED value), in characters.</summary>
    [Range(256, 64 * 1024)]
    public int MaxChallengeLength { get; set; } = 8 * 1024;

    /// <summary>The largest <c>POST /v1/payments</c> body, in bytes.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxPaymentRequestBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Proxies (IP networks in CIDR notation, e.g. the ingress's) whose <c>X-Forwarded-For</c> names the
    /// client. Empty: the TCP peer is the client. Rate limits per IP count the client so named.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    public RateLimitSettings RateLimits { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, bucket) in new[] { ("PerIp", RateLimits.PerIp), ("PerKey", RateLimits.PerKey) })
        {
            if (bucket.Burst < 1 || bucket.PerSecond < 1)
                yield return new ValidationResult($"Gateway:RateLimits:{name} needs Burst and PerSecond of at least 1.");
        }

        foreach (var proxy in TrustedProxies)
        {
            if (!System.Net.IPNetwork.TryParse(proxy, out _))
                yield return new ValidationResult($"Gateway:TrustedProxies holds '{proxy}', which is not an IP network in CIDR notation.");
        }
    }
}

/// <summary>Token buckets: <see cref="Burst"/> requests at once, refilled at <see cref="PerSecond"/>.</summary>
public sealed class RateLimitBucket
{
    public int Burst { get; set; }

    public int PerSecond { get; set; }
}

/// <summary>Section <c>Gateway:RateLimits</c>.</summary>
public sealed class RateLimitSettings
{
    /// <summary>Per client IP, before authentication (bad keys from one address are turned away before the Wallet is asked).</summary>
    public RateLimitBucket PerIp { get; set; } = new() { Burst = 1000, PerSecond = 500 };

    /// <summary>Per API key, after authentication.</summary>
    public RateLimitBucket PerKey { get; set; } = new() { Burst = 200, PerSecond = 100 };
}
