namespace IndieGent.Payments.AspNetCore.Marketplace;

/// <summary>
/// How a provider verifies <c>IndieGent-Marketplace-Call</c> headers (section <c>MarketplaceCalls</c> by convention).
/// The platform's public keys come from <see cref="PlatformKeys"/>, from <see cref="KeysUrl"/>, or both.
/// </summary>
public sealed class MarketplaceCallOptions
{
    /// <summary>
    /// This provider's id in the marketplace: only calls for it are accepted. Required, unless the application
    /// registers its own <see cref="IMarketplaceProviderIdSource"/> (a provider that learns its id by registering).
    /// </summary>
    public Guid ProviderId { get; set; }

    /// <summary>
    /// The platform's public keys pinned in configuration: key id → base64 SubjectPublicKeyInfo of an ECDSA P-256 key
    /// (<c>MarketplaceCalls:PlatformKeys:&lt;keyId&gt;</c>). Optional when <see cref="KeysUrl"/> is set.
    /// </summary>
    public IDictionary<string, string> PlatformKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The Gateway's <c>GET /v1/marketplace/keys</c>, for example <c>https://api.indiegent.dev/v1/marketplace/keys</c>.
    /// Fetched on the first call, again when a call names a key id not seen yet (at most once per 30 seconds), and
    /// when the fetched keys are older than 10 minutes. Optional when <see cref="PlatformKeys"/> is set.
    /// </summary>
    public Uri? KeysUrl { get; set; }

    /// <summary>How far this server's clock may be from the platform's: a call is accepted until its expiry plus this.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
