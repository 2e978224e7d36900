using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using IndieGent.Marketplace.Catalog;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace IndieGent.Gateway.Api.Marketplace;

/// <summary>
/// Services' listings as the Marketplace gives them, reused for a few seconds: a price or upstream
/// change reaches the proxy within <see cref="MarketplaceOptions.ListingCacheDuration"/>. Unknown
/// slugs are remembered as briefly, so a flood of calls to a typo does not reach the Marketplace.
/// </summary>
public sealed class ProxyTargets(ServiceClient services, IMemoryCache cache, IOptions<MarketplaceOptions> options)
{
    private sealed record Entry(ProxyTarget? Target);

    /// <summary>The active service, or null when the marketplace lists none under <paramref name="slug"/>.</summary>
    public async Task<ProxyTarget?> FindAsync(string slug, ClaimsPrincipal caller, CancellationToken ct)
    {
        var key = "marketplace-target:" + slug;
        if (cache.TryGetValue<Entry>(key, out var known))
            return known!.Target;
        using var response = await services.SendAsync("marketplace", HttpMethod.Get, $"/internal/marketplace/services/{Uri.EscapeDataString(slug)}", caller, ct);
        ProxyTarget? target = null;
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
            target = await response.Content.ReadFromJsonAsync<ProxyTarget>(ServiceClient.Json, ct);
        }

        var lifetime = options.Value.ListingCacheDuration;
        if (lifetime > TimeSpan.Zero)
            cache.Set(key, new Entry(target), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime, Size = 1 });
        return target;
    }
}
