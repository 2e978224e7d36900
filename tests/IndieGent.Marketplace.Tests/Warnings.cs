using IndieGent.Marketplace.Discovery;
using static IndieGent.Marketplace.Tests.TestDocuments;

namespace IndieGent.Marketplace.Tests;

/// <summary>Departures from the draft's SHOULDs are warnings: the service is still listed.</summary>
public sealed class Warnings
{
    private const string Op = "/paths/~1search/get";

    [Fact]
    public void Categories_are_normalised_to_lowercase_hyphenated_slugs_without_duplicates()
    {
        var document = SearchWith("/x-service-info", """{ "categories": ["Developer Tools", "search", "SEARCH", "Météo_Data"] }""");

        var result = OpenApiDiscovery.Parse(document);

        Assert.Equal(["developer-tools", "search", "meteo-data"], result.Listing!.ServiceInfo.Categories);
        Assert.Equal(["/x-service-info/categories/0", "/x-service-info/categories/2", "/x-service-info/categories/3"], result.Warnings.Select(w => w.Pointer));
    }

    [Fact]
    public void A_paid_POST_without_a_request_body_is_schema_missing()
    {
        var paidPost = SearchWith("/paths/~1search/post", """
            { "x-payment-info": { "intent": "charge", "method": "evm", "amount": "5" }, "responses": { "402": {} } }
            """);

        var result = OpenApiDiscovery.Parse(paidPost);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("/paths/~1search/post", warning.Pointer);
        Assert.Contains("schema-missing", warning.Message);
        Assert.False(result.Listing.Operations[1].HasRequestBody);
    }

    [Fact]
    public void An_intent_the_draft_does_not_list_is_kept_with_a_warning()
    {
        var result = OpenApiDiscovery.Parse(SearchWith(Op + "/x-payment-info/offers/0/intent", "\"subscription\""));

        Assert.Equal("subscription", result.Listing!.Operations[0].Offers[0].Intent);
        Assert.Equal(Op + "/x-payment-info/offers/0/intent", Assert.Single(result.Warnings).Pointer);
    }

    [Fact]
    public void Offer_members_the_draft_does_not_define_are_kept_as_JSON()
    {
        var result = OpenApiDiscovery.Parse(SearchWith(Op + "/x-payment-info/offers/0/methodDetails", """{ "chainId": 8453 }"""));

        Assert.Empty(result.Warnings);
        // The test's edit wrote the member compactly; it is kept exactly as the document has it.
        Assert.Equal("""{"chainId":8453}""", result.Listing!.Operations[0].Offers[0].Extensions["methodDetails"]);
    }

    [Fact]
    public void A_path_item_reference_is_not_followed()
    {
        var result = OpenApiDiscovery.Parse(SearchWith("/paths/~1shared", """{ "$ref": "https://example.com/shared.json#/paths/~1shared" }"""));

        Assert.True(result.Succeeded);
        Assert.Equal("/paths/~1shared/$ref", Assert.Single(result.Warnings).Pointer);
        Assert.Single(result.Listing.Operations);
    }
}
