using IndieGent.Marketplace.Catalog;

namespace IndieGent.Gateway.Api.Marketplace;

/// <summary>A service as the Marketplace describes it to the proxy (<c>GET /internal/marketplace/services/{slug}</c>).</summary>
public sealed record ProxyTarget(
    string Slug, Guid ProviderId, string PayoutAddress, string BaseUrl, long Price, string Currency, IReadOnlyList<RoutePrice> Routes,
    ProxyTarget.Auth UpstreamAuth, FailurePolicy Failure, string Status, string Kind)
{
    public sealed record Auth(string Kind, string? Header, string? Secret);
}
