namespace IndieGent.Marketplace.Catalog;

/// <summary>How the proxy authenticates to a provider's upstream; the secret is write-only in the catalogue's API.</summary>
/// <param name="Kind"><c>none</c>, <c>bearer</c> or <c>header</c>.</param>
public sealed record UpstreamAuth(string Kind, string? Header, string? Secret)
{
    public static UpstreamAuth None { get; } = new("none", null, null);
}

/// <summary>
/// What the Gateway's marketplace proxy needs to make a call, as the Marketplace answers it
/// (<c>GET /internal/marketplace/services/{slug}</c>; internal: carries the upstream secret).
/// </summary>
public sealed record ProxyTarget(
    string Slug, Guid ProviderId, string PayoutAddress, string BaseUrl, long Price, string Currency, IReadOnlyList<RoutePrice> Routes,
    UpstreamAuth UpstreamAuth, FailurePolicy Failure, string Status, string Kind);
