namespace IndieGent.Marketplace.Discovery;

/// <summary>What the catalogue derives from a listing for display: a slug to suggest and the "price from" lines.</summary>
public static class ListingSummary
{
    /// <summary>The shortest slug suggested.</summary>
    public const int MinSlugLength = 3;

    /// <summary>The longest slug suggested.</summary>
    public const int MaxSlugLength = 48;

    /// <summary>
    /// A slug for the catalogue from a service's title: lower case, <c>a-z</c>, <c>0-9</c> and single
    /// hyphens, 3–48 characters (cut at a word boundary where one is near). Accented Latin letters lose
    /// their accents, apostrophes vanish (<c>"Bob's Café API"</c> → <c>bobs-cafe-api</c>), anything else
    /// separates words. When the title gives fewer than three characters, the base URL's host does
    /// (without <c>www.</c>). <see langword="null"/> when neither does: the operator must choose one.
    /// A suggestion only: uniqueness is the catalogue's to check.
    /// </summary>
    public static string? SuggestSlug(string title, Uri? baseUrl = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        var fromTitle = Slug.Make(title, MaxSlugLength);
        if (fromTitle.Length >= MinSlugLength) return fromTitle;
        if (baseUrl is null || !baseUrl.IsAbsoluteUri) return null;
        var host = baseUrl.IdnHost.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? baseUrl.IdnHost[4..] : baseUrl.IdnHost;
        var fromHost = Slug.Make(host, MaxSlugLength);
        return fromHost.Length >= MinSlugLength ? fromHost : null;
    }

    /// <inheritdoc cref="SuggestSlug(string, Uri?)"/>
    public static string? SuggestSlug(ServiceListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        return SuggestSlug(listing.Title, listing.BaseUrl);
    }

    /// <summary>
    /// The lowest fixed amount over all paid operations' offers, per intent and currency. Dynamic
    /// offers (<c>"amount": null</c>) and offers without a currency have no place in a "from" line;
    /// the summary says whether there were any.
    /// </summary>
    public static PriceSummary Prices(ServiceListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var lowest = new Dictionary<(string Intent, string Currency), (DiscoveredOffer Offer, System.Numerics.BigInteger Amount)>(KeyComparer.Instance);
        bool dynamic = false, unpriced = false;
        foreach (var offer in listing.Operations.SelectMany(operation => operation.Offers))
        {
            if (offer.AmountValue is not { } amount) { dynamic = true; continue; }
            if (offer.Currency is null) { unpriced = true; continue; }
            var key = (offer.Intent, offer.Currency);
            if (!lowest.TryGetValue(key, out var best) || amount < best.Amount) lowest[key] = (offer, amount);
        }
        var lines = lowest.Values
            .Select(best => new PriceFrom(best.Offer.Intent, best.Offer.Currency!, best.Offer.Amount!, best.Offer.Method))
            .OrderBy(line => line.Intent, StringComparer.Ordinal)
            .ThenBy(line => line.Currency, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new PriceSummary(lines, dynamic, unpriced);
    }

    private sealed class KeyComparer : IEqualityComparer<(string Intent, string Currency)>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals((string Intent, string Currency) x, (string Intent, string Currency) y) =>
            string.Equals(x.Intent, y.Intent, StringComparison.Ordinal) && string.Equals(x.Currency, y.Currency, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Intent, string Currency) key) =>
            HashCode.Combine(StringComparer.Ordinal.GetHashCode(key.Intent), StringComparer.OrdinalIgnoreCase.GetHashCode(key.Currency));
    }
}
