using IndieGent.Marketplace.Catalog;
using IndieGent.ServiceDefaults.Identity;
using Marten;

namespace IndieGent.Marketplace.Api.Catalog;

/// <summary>What the Gateway's marketplace proxy reads before a call: the service's upstream, prices and rules (with the upstream secret).</summary>
public static class ProxyTargetsApi
{
    public static IEndpointRouteBuilder MapProxyTargetsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/marketplace/services/{slug}", Get).WithTags("Internal").RequireAuthorization(IdentityPolicies.Agent);
        return app;
    }

    public static async Task<IResult> Get(string slug, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (await session.LoadAsync<ServiceListing>(slug, ct) is not { } listing || listing.Status != "active")
            return MarketplaceProblems.ServiceNotFound(slug);
        var provider = await session.LoadAsync<ProviderRecord>(listing.ProviderId, ct);
        return TypedResults.Ok(new ProxyTarget(listing.Id, listing.ProviderId, provider?.PayoutAddress ?? "", listing.BaseUrl, listing.Price,
            listing.Currency, listing.Routes, listing.UpstreamAuth, listing.Failure, listing.Status, listing.Kind));
    }
}
