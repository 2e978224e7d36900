namespace IndieGent.Sdk.Marketplace;

/// <summary>
/// A service listed in the IndieGent marketplace. Amounts are base units of <see cref="Currency"/>
/// (USDC has 6 decimals: 10000 = 0.01 USDC).
/// </summary>
/// <param name="Slug">The service's id in the marketplace, what <see cref="MarketplaceClient.CallAsync(string, HttpRequestMessage, string?, CancellationToken)"/> takes.</param>
/// <param name="Kind"><see cref="Proxied"/> (called through the platform, charged in its ledger) or <see cref="External"/> (called directly, paid through its 402).</param>
/// <param name="Name">Its name.</param>
/// <param name="Category">Its main category (e.g. <c>search</c>).</param>
/// <param name="Categories">All of its categories.</param>
/// <param name="Description">What it does.</param>
/// <param name="Provider">Who provides it.</param>
/// <param name="Price">A call's price (a proxied service's default price; an external service's lowest advertised price, 0 when every call is priced by its 402).</param>
/// <param name="MinPrice">The lowest price of any call (what <see cref="MarketplaceQuery.MaxPrice"/> compares).</param>
/// <param name="Currency"><c>USDC</c>, the platform's token; an external service whose offers are all in another currency names that one.</param>
/// <param name="Routes">A proxied service's routes that cost other than <see cref="Price"/>.</param>
/// <param name="Status"><c>active</c>, or <c>paused</c> (shown to its owner only).</param>
/// <param name="CallUrl">Where a proxied service is called on the gateway (<c>/v1/marketplace/{slug}/</c>).</param>
/// <param name="BaseUrl">Where an external service is called (a proxied service's upstream is shown to its owner only).</param>
/// <param name="Docs">Documentation links of an external service (API reference, homepage, llms.txt — those it publishes, in that order).</param>
/// <param name="Operations">An external service's operations and what each asks (advisory: the 402 decides).</param>
/// <param name="Stats">Usage of a proxied service.</param>
/// <param name="Rating">Operators' ratings.</param>
/// <param name="CreatedAt">When it was listed.</param>
/// <param name="UpdatedAt">When its listing last changed.</param>
public sealed record MarketplaceService(
    string Slug, string Kind, string Name, string Category, IReadOnlyList<string> Categories, string Description,
    MarketplaceService.ProviderInfo Provider, long Price, long MinPrice, string Currency, IReadOnlyList<MarketplaceService.Route> Routes,
    string Status, string? CallUrl, string? BaseUrl, IReadOnlyList<string> Docs, IReadOnlyList<MarketplaceService.Operation> Operations,
    MarketplaceService.UsageStats Stats, MarketplaceService.RatingSummary Rating, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The <see cref="Kind"/> of a service called through the platform's gateway.</summary>
    public const string Proxied = "proxied";

    /// <summary>The <see cref="Kind"/> of a service imported from its OpenAPI document and called directly.</summary>
    public const string External = "external";

    /// <summary>Who provides the service.</summary>
    /// <param name="Id">The provider's id.</param>
    /// <param name="Name">Its name.</param>
    public sealed record ProviderInfo(Guid Id, string Name);

    /// <summary>A route of a proxied service with its own price.</summary>
    /// <param name="Method">An HTTP method, or <c>*</c>.</param>
    /// <param name="Path">The path relative to the service: literals, <c>{name}</c> for one segment, a last <c>**</c> for anything below.</param>
    /// <param name="Price">Its price.</param>
    public sealed record Route(string Method, string Path, long Price);

    /// <summary>An operation of an external service, from its OpenAPI document.</summary>
    /// <param name="Method">The HTTP method.</param>
    /// <param name="Path">The path template relative to <see cref="BaseUrl"/>.</param>
    /// <param name="OperationId">Its <c>operationId</c>, if any.</param>
    /// <param name="Summary">Its summary, if any.</param>
    /// <param name="Offers">How it may be paid; empty for a free operation.</param>
    public sealed record Operation(string Method, string Path, string? OperationId, string? Summary, IReadOnlyList<Offer> Offers);

    /// <summary>One way to pay an operation.</summary>
    /// <param name="Amount">Base units as decimal text, or <see langword="null"/> when priced per request.</param>
    /// <param name="Currency">A token contract address, or an ISO 4217 code.</param>
    /// <param name="Method">The payment method (e.g. <c>evm</c>).</param>
    /// <param name="Intent"><c>charge</c> (per request) or <c>session</c>.</param>
    /// <param name="Description">A pricing note.</param>
    public sealed record Offer(string? Amount, string? Currency, string? Method, string? Intent, string? Description);

    /// <summary>How a proxied service has been doing.</summary>
    /// <param name="Calls">Calls made.</param>
    /// <param name="SuccessRate">The share that succeeded (0–1), once there are calls.</param>
    /// <param name="P50LatencyMs">The median latency, once there are calls.</param>
    public sealed record UsageStats(long Calls, double? SuccessRate, double? P50LatencyMs);

    /// <summary>What operators think of it.</summary>
    /// <param name="Average">The average of 1–5 stars, once rated.</param>
    /// <param name="Count">How many operators rated it.</param>
    public sealed record RatingSummary(double? Average, long Count);

    /// <summary>Whether the service is called directly and paid through its 402 (<see cref="External"/>).</summary>
    public bool IsExternal => Kind == External;
}
