using System.Net;
using System.Text.Json;
using IndieGent.Samples.Providers.Registration;
using IndieGent.Samples.Providers.Search;

namespace IndieGent.Samples.Providers.Tests;

/// <summary><c>GET /search</c>: the built-in corpus ranked by term matches, the same for the same query.</summary>
public sealed class Search_service : IAsyncLifetime
{
    private readonly DemoProvidersHost _host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task<JsonElement> SearchAsync(string pathAndQuery)
    {
        using var response = await _host.SendAsync(DemoCatalogue.Search, "GET", pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await DemoProvidersHost.JsonAsync(response);
    }

    [Fact]
    public async Task The_page_matching_most_terms_in_its_title_ranks_first()
    {
        var found = await SearchAsync("/search?q=cheap+flights+to+Lisbon");

        var results = found.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal("https://flights.example.com/routes/ams-lis", results[0].GetProperty("url").GetString());
        Assert.Equal(Enumerable.Range(1, results.Count), results.Select(r => r.GetProperty("rank").GetInt32()));
        var scores = results.Select(r => r.GetProperty("score").GetInt32()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Equal("cheap flights to Lisbon", found.GetProperty("query").GetString());
        Assert.True(found.GetProperty("total").GetInt32() >= results.Count);
    }

    [Fact]
    public async Task The_same_query_gives_the_same_results_and_limit_bounds_them()
    {
        var first = (await SearchAsync("/search?q=email+delivery")).GetRawText();
        var again = (await SearchAsync("/search?q=email+delivery")).GetRawText();
        var two = await SearchAsync("/search?q=email&limit=2");

        Assert.Equal(first, again);
        Assert.Equal(2, two.GetProperty("results").GetArrayLength());
        Assert.True(two.GetProperty("total").GetInt32() > 2);
    }

    [Fact]
    public async Task A_query_nothing_matches_finds_nothing()
    {
        var found = await SearchAsync("/search?q=zyzzyva");

        Assert.Equal(0, found.GetProperty("total").GetInt32());
        Assert.Empty(found.GetProperty("results").EnumerateArray());
    }

    [Fact]
    public void Scores_count_title_terms_three_times_and_snippet_and_url_terms_once()
    {
        var index = new SearchIndex([
            new SearchDocument("Lisbon", "https://a.example/x", "nothing"),
            new SearchDocument("Other", "https://b.example/lisbon", "lisbon and Lisbon again"),
        ]);

        var (hits, total) = index.Query("the LISBON", 5);

        Assert.Equal(2, total);
        // A: "Lisbon" in the title (3). B: twice in the snippet, once in the URL (3). A tie goes to the URL in ordinal order.
        Assert.Equal([("https://a.example/x", 3), ("https://b.example/lisbon", 3)], hits.Select(h => (h.Url, h.Score)));
    }

    [Theory]
    [InlineData("/search", "q")]
    [InlineData("/search?q=", "q")]
    [InlineData("/search?q=lisbon&limit=0", "limit")]
    [InlineData("/search?q=lisbon&limit=11", "limit")]
    public async Task A_bad_query_is_a_validation_problem(string pathAndQuery, string field)
    {
        using var response = await _host.SendAsync(DemoCatalogue.Search, "GET", pathAndQuery);

        Assert.Equal((400, "https://indiegent.dev/problems/validation-failed", field), await DemoProvidersHost.ProblemAsync(response));
    }

    [Fact]
    public async Task An_unpaid_search_is_refused()
    {
        using var response = await _host.SendAsync(null, "GET", "/search?q=lisbon");

        Assert.Equal((401, "https://indiegent.dev/problems/marketplace-call-required", ""), await DemoProvidersHost.ProblemAsync(response));
    }
}
