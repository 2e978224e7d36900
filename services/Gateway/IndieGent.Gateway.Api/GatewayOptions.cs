using System.ComponentModel.DataAnnotations;

namespace IndieGent.Gateway.Api;

/// <summary>The Gateway's settings (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
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
}
