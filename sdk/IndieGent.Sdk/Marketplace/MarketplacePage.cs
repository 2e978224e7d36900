namespace IndieGent.Sdk.Marketplace;

/// <summary>A page of search results, ordered by name.</summary>
/// <param name="Services">The services on this page.</param>
/// <param name="Total">How many services match in all.</param>
/// <param name="Limit">The page size.</param>
/// <param name="Offset">How many were skipped.</param>
public sealed record MarketplacePage(IReadOnlyList<MarketplaceService> Services, long Total, int Limit, int Offset);
