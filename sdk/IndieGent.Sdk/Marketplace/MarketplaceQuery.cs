namespace IndieGent.Sdk.Marketplace;

/// <summary>What <see cref="MarketplaceClient.SearchAsync"/> looks for; every criterion is optional.</summary>
public sealed record MarketplaceQuery
{
    /// <summary>Words in the name, description or category (at most 200 characters).</summary>
    public string? Text { get; init; }

    /// <summary>Only this category (e.g. <c>search</c>).</summary>
    public string? Category { get; init; }

    /// <summary>Only <see cref="MarketplaceService.Proxied"/> or only <see cref="MarketplaceService.External"/> services.</summary>
    public string? Kind { get; init; }

    /// <summary>Only services with a call at most this price, in base units.</summary>
    public long? MaxPrice { get; init; }

    /// <summary>Page size, 1–100 (default 50).</summary>
    public int? Limit { get; init; }

    /// <summary>Services to skip (for the next page).</summary>
    public int? Offset { get; init; }
}
