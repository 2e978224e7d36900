using System.Globalization;
using IndieGent.Marketplace.Catalog;

namespace IndieGent.Marketplace.Api.Catalog;

/// <param name="Earnings">For its owner: what its services' calls were charged (captured calls); null in lists.</param>
public sealed record ProviderView(Guid Id, string Name, string PayoutAddress, string? Website, DateTimeOffset CreatedAt, ProviderEarnings? Earnings = null)
{
    public static ProviderView Of(ProviderRecord p) => new(p.Id, p.Name, p.PayoutAddress, p.Website, p.CreatedAt);
}

/// <summary>
/// A provider's earnings as its calls were charged: <paramref name="Earned"/> base units over <paramref name="ChargedCalls"/>
/// captured calls (voided ones earn nothing), <paramref name="PaidOut"/> on chain to its payout address (newest payouts in
/// <paramref name="Payouts"/>), and <paramref name="Payable"/> still owed: <c>Earned = PaidOut + Payable</c>. Money reaches
/// a payout once the calling agents' sweeps brought it into the marketplace settlement wallet.
/// </summary>
public sealed record ProviderEarnings(long ChargedCalls, long Earned, long PaidOut, long Payable, string Currency, IReadOnlyList<PayoutView> Payouts);

public sealed record PayoutView(Guid Id, long Amount, string TxHash, long BlockNumber, DateTimeOffset At);

public sealed record RoutePriceView(string Method, string Path, string Price);

public sealed record UpstreamAuthView(string Kind, string? Header);

/// <summary>A service as anyone authenticated sees it; its owner also sees the upstream and how it is authenticated (never the secret).</summary>
public sealed record ServiceView(
    string Slug, string Kind, string Name, string Category, IReadOnlyList<string> Categories, string Description, ProviderSummary Provider,
    string Price, string MinPrice, string Currency, IReadOnlyList<RoutePriceView> Routes, string Status, string? CallUrl, string? BaseUrl,
    UpstreamAuthView? UpstreamAuth, FailurePolicy? Failure, IReadOnlyList<string> Docs, IReadOnlyList<ExternalOperation> Operations,
    ServiceStats Stats, RatingSummary Rating, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ServiceView Of(ServiceListing s, ProviderRecord? provider, bool owner, ServiceStats? stats, RatingSummary? rating) => new(
        s.Id, s.Kind, s.Name, s.Category, s.Categories, s.Description, new ProviderSummary(s.ProviderId, provider?.Name ?? ""),
        Text(s.Price), Text(s.MinPrice), s.Currency, [.. s.Routes.Select(r => new RoutePriceView(r.Method, r.Path, Text(r.Price)))], s.Status,
        s.Kind == "proxied" ? $"/v1/marketplace/{s.Id}/" : null,
        // An external service is called directly; a proxied one's upstream is its owner's business.
        s.Kind == "external" || owner ? s.BaseUrl : null,
        owner ? new UpstreamAuthView(s.UpstreamAuth.Kind, s.UpstreamAuth.Header) : null, owner ? s.Failure : null, s.Docs, s.Operations,
        stats ?? new ServiceStats(0, null, null), rating ?? new RatingSummary(null, 0), s.CreatedAt, s.UpdatedAt);

    private static string Text(long amount) => amount.ToString(CultureInfo.InvariantCulture);
}

public sealed record ProviderSummary(Guid Id, string Name);
