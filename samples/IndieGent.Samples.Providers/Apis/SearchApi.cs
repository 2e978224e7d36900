using IndieGent.Payments.AspNetCore.Marketplace;
using IndieGent.Samples.Providers.Registration;
using IndieGent.Samples.Providers.Search;

namespace IndieGent.Samples.Providers.Apis;

/// <summary>The <c>demo-search</c> service: <c>GET /search?q=…&amp;limit=5</c>.</summary>
public static class SearchApi
{
    public const int MaxQueryLength = 200;
    public const int MaxLimit = 10;

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/search", Search).WithTags("Search").RequireMarketplaceCall(DemoCatalogue.Search.Slug);
        return app;
    }

    public sealed record SearchResults(string Query, int Total, IReadOnlyList<SearchHit> Results);

    /// <param name="q">The query: 1 to 200 characters.</param>
    /// <param name="limit">How many results, 1 to 10 (5 when absent).</param>
    public static IResult Search(string? q, int? limit, SearchIndex index)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q) || q.Length > MaxQueryLength)
            errors["q"] = [$"'q' is the query, 1 to {MaxQueryLength} characters."];
        if (limit is < 1 or > MaxLimit)
            errors["limit"] = [$"'limit' is 1 to {MaxLimit}."];
        if (errors.Count > 0)
            return DemoProblems.Invalid(errors);
        var (hits, total) = index.Query(q!, limit ?? 5);
        return TypedResults.Ok(new SearchResults(q!, total, hits));
    }
}
