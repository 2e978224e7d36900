using System.ComponentModel.DataAnnotations;

namespace IndieGent.Gateway.Api.Marketplace;

/// <summary>The marketplace proxy's settings (section <c>Marketplace</c>).</summary>
public sealed class MarketplaceOptions
{
    public const string Section = "Marketplace";

    /// <summary>The id of the key that signs marketplace call headers (providers look it up at <c>/v1/marketplace/keys</c>).</summary>
    [Required]
    public string KeyId { get; set; } = "";

    /// <summary>Base64 PKCS#8 of the ECDSA P-256 key that signs marketplace call headers.</summary>
    [Required]
    public string SigningKey { get; set; } = "";

    /// <summary>Public keys (base64 SubjectPublicKeyInfo, by id) still published after a rotation, so providers accept calls signed just before it.</summary>
    public Dictionary<string, string> RetiredPublicKeys { get; set; } = [];

    /// <summary>How long a service's listing (upstream, prices) is reused before the Marketplace is asked again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ListingCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long past the upstream timeout a call header stays valid (clock skew between us and the provider).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan HeaderGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest request body forwarded to a provider, in bytes.</summary>
    [Range(0, 100 * 1024 * 1024)]
    public long MaxRequestBytes { get; set; } = 10 * 1024 * 1024;
}
