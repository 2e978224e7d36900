using IndieGent.Marketplace.Discovery;
using static IndieGent.Marketplace.Tests.TestDocuments;

namespace IndieGent.Marketplace.Tests;

/// <summary>
/// Each rule, broken once in an otherwise valid document (<see cref="TestDocuments.Search"/>), gives
/// exactly one error at the expected JSON pointer.
/// </summary>
public sealed class Validation_rules
{
    private const string Op = "/paths/~1search/get";
    private const string Offer = Op + "/x-payment-info/offers/0";

    [Fact]
    public void The_minimal_document_is_valid()
    {
        var result = OpenApiDiscovery.Parse(Search);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
    }

    [Theory]
    // Required Top-Level Fields
    [InlineData("no openapi version", "/openapi", null, "/openapi")]
    [InlineData("OpenAPI 2", "/openapi", "\"2.0\"", "/openapi")]
    [InlineData("OpenAPI 4", "/openapi", "\"4.0.0\"", "/openapi")]
    [InlineData("a numeric openapi version", "/openapi", "3.1", "/openapi")]
    [InlineData("no info", "/info", null, "/info")]
    [InlineData("info not an object", "/info", "\"Search\"", "/info")]
    [InlineData("no title", "/info/title", null, "/info/title")]
    [InlineData("a blank title", "/info/title", "\"  \"", "/info/title")]
    [InlineData("no version", "/info/version", null, "/info/version")]
    [InlineData("a numeric version", "/info/version", "1", "/info/version")]
    [InlineData("a description that is not text", "/info/description", "{}", "/info/description")]
    [InlineData("no paths", "/paths", null, "/paths")]
    [InlineData("paths not an object", "/paths", "[]", "/paths")]
    [InlineData("no operation at all", "/paths", "{}", "/paths")]
    [InlineData("a path without a leading slash", "/paths/items", "{\"get\": {}}", "/paths/items")]
    [InlineData("a path item that is not an object", "/paths/~1items", "true", "/paths/~1items")]
    [InlineData("an operation that is not an object", "/paths/~1search/post", "\"not an operation\"", "/paths/~1search/post")]
    // Base URL
    [InlineData("no servers", "/servers", null, "/servers")]
    [InlineData("servers not an array", "/servers", "{\"url\": \"https://api.example.com\"}", "/servers")]
    [InlineData("a server that is not an object", "/servers/0", "\"https://api.example.com\"", "/servers/0")]
    [InlineData("a server without a url", "/servers/0/url", null, "/servers/0/url")]
    [InlineData("a relative server url", "/servers/0/url", "\"/v1\"", "/servers/0/url")]
    [InlineData("a server url that is not http", "/servers/0/url", "\"ftp://api.example.com\"", "/servers/0/url")]
    [InlineData("a server url with credentials", "/servers/0/url", "\"https://user:secret@api.example.com\"", "/servers/0/url")]
    [InlineData("a server variable without a default", "/servers/0/url", "\"https://{region}.example.com\"", "/servers/0/url")]
    // Payment Extension: x-payment-info
    [InlineData("no paid operation", Op + "/x-payment-info", null, "/paths")]
    [InlineData("x-payment-info not an object", Op + "/x-payment-info", "[]", Op + "/x-payment-info")]
    [InlineData("offers not an array", Op + "/x-payment-info/offers", "{}", Op + "/x-payment-info/offers")]
    [InlineData("no offer in offers", Op + "/x-payment-info/offers", "[]", Op + "/x-payment-info/offers")]
    [InlineData("offers mixed with the shorthand", Op + "/x-payment-info/amount", "\"5\"", Op + "/x-payment-info")]
    [InlineData("an offer that is not an object", Offer, "\"charge\"", Offer)]
    // Payment Offer Object
    [InlineData("no intent", Offer + "/intent", null, Offer + "/intent")]
    [InlineData("an upper-case intent", Offer + "/intent", "\"Charge\"", Offer + "/intent")]
    [InlineData("an intent with a space", Offer + "/intent", "\"one off\"", Offer + "/intent")]
    [InlineData("no method", Offer + "/method", null, Offer + "/method")]
    [InlineData("an upper-case method", Offer + "/method", "\"EVM\"", Offer + "/method")]
    [InlineData("a method with a digit", Offer + "/method", "\"evm2\"", Offer + "/method")]
    [InlineData("a numeric method", Offer + "/method", "1", Offer + "/method")]
    [InlineData("no amount", Offer + "/amount", null, Offer + "/amount")]
    [InlineData("a JSON number amount", Offer + "/amount", "1000", Offer + "/amount")]
    [InlineData("an empty amount", Offer + "/amount", "\"\"", Offer + "/amount")]
    [InlineData("a leading zero", Offer + "/amount", "\"0100\"", Offer + "/amount")]
    [InlineData("a decimal amount", Offer + "/amount", "\"10.5\"", Offer + "/amount")]
    [InlineData("a negative amount", Offer + "/amount", "\"-1\"", Offer + "/amount")]
    [InlineData("a signed amount", Offer + "/amount", "\"+1\"", Offer + "/amount")]
    [InlineData("an exponent", Offer + "/amount", "\"1e6\"", Offer + "/amount")]
    [InlineData("non-ASCII digits", Offer + "/amount", "\"١٠\"", Offer + "/amount")]
    [InlineData("2^256", Offer + "/amount", "\"115792089237316195423570985008687907853269984665640564039457584007913129639936\"", Offer + "/amount")]
    [InlineData("a numeric currency", Offer + "/currency", "840", Offer + "/currency")]
    [InlineData("an empty currency", Offer + "/currency", "\"\"", Offer + "/currency")]
    [InlineData("a description that is not text", Offer + "/description", "[\"cheap\"]", Offer + "/description")]
    // 402 Response Declaration
    [InlineData("no 402 response", Op + "/responses/402", null, Op + "/responses")]
    [InlineData("no responses", Op + "/responses", null, Op + "/responses")]
    // Operation Object
    [InlineData("a summary that is not text", Op + "/summary", "5", Op + "/summary")]
    [InlineData("an operationId that is not text", Op + "/operationId", "5", Op + "/operationId")]
    // Service Extension: x-service-info
    [InlineData("x-service-info not an object", "/x-service-info", "[\"data\"]", "/x-service-info")]
    [InlineData("categories not an array", "/x-service-info", "{\"categories\": \"data\"}", "/x-service-info/categories")]
    [InlineData("a category that is not text", "/x-service-info", "{\"categories\": [\"data\", 7]}", "/x-service-info/categories/1")]
    [InlineData("a category without letters or digits", "/x-service-info", "{\"categories\": [\"!!!\"]}", "/x-service-info/categories/0")]
    [InlineData("a category over 48 characters", "/x-service-info", "{\"categories\": [\"an-extremely-long-category-name-nobody-could-browse\"]}", "/x-service-info/categories/0")]
    [InlineData("six categories", "/x-service-info", "{\"categories\": [\"data\", \"search\", \"media\", \"travel\", \"social\", \"compute\"]}", "/x-service-info/categories")]
    [InlineData("docs not an object", "/x-service-info", "{\"docs\": \"https://example.com\"}", "/x-service-info/docs")]
    [InlineData("a docs link that is not text", "/x-service-info", "{\"docs\": {\"homepage\": 1}}", "/x-service-info/docs/homepage")]
    [InlineData("a javascript: docs link", "/x-service-info", "{\"docs\": {\"homepage\": \"javascript:alert(1)\"}}", "/x-service-info/docs/homepage")]
    [InlineData("a docs link with a space", "/x-service-info", "{\"docs\": {\"llms\": \"https://example.com/llms .txt\"}}", "/x-service-info/docs/llms")]
    [InlineData("a mailto: docs link", "/x-service-info", "{\"docs\": {\"apiReference\": \"mailto:docs@example.com\"}}", "/x-service-info/docs/apiReference")]
    public void A_broken_rule_is_one_error_at_its_pointer(string rule, string editAt, string? json, string expectedPointer)
    {
        var document = SearchWith(editAt, json);

        var error = SingleError(OpenApiDiscovery.Parse(document));

        Assert.True(expectedPointer == error.Pointer, $"{rule}: expected {expectedPointer}, got {error}");
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void A_reused_operationId_is_an_error_at_the_second_use()
    {
        var document = SearchWith("/paths/~1other", """{ "get": { "operationId": "search", "responses": {} } }""");

        Assert.Equal("/paths/~1other/get/operationId", SingleError(OpenApiDiscovery.Parse(document)).Pointer);
    }

    [Fact]
    public void Pointers_escape_slash_and_tilde_in_paths()
    {
        var document = Edit(SearchWith("/paths/~1files~1~0user", """
            { "get": { "x-payment-info": { "intent": "charge", "method": "evm", "amount": "01" }, "responses": { "402": {} } } }
            """), "/paths/~1search", null);

        var error = SingleError(OpenApiDiscovery.Parse(document));

        Assert.Equal("/paths/~1files~1~0user/get/x-payment-info/amount", error.Pointer);
        Assert.Contains("leading zeros", error.Message);
    }

    [Fact]
    public void Every_error_is_reported_not_only_the_first()
    {
        var document = SearchWith("/info/title", null);
        document = Edit(document, Offer + "/amount", "\"1.5\"");
        document = Edit(document, Offer + "/method", "\"Tempo\"");
        document = Edit(document, Op + "/responses/402", null);

        var result = OpenApiDiscovery.Parse(document);

        Assert.Null(result.Listing);
        Assert.Equal(["/info/title", Offer + "/method", Offer + "/amount", Op + "/responses"], result.Errors.Select(e => e.Pointer));
    }

    [Fact]
    public void Messages_quote_at_most_80_characters_of_the_document_and_no_line_breaks()
    {
        var longAmount = SearchWith(Offer + "/amount", $"\"{new string('9', 100_000)}\"");
        var forgedLine = SearchWith(Offer + "/method", "\"evm\\nERROR everything is fine\"");

        var tooLong = SingleError(OpenApiDiscovery.Parse(longAmount));
        var forged = SingleError(OpenApiDiscovery.Parse(forgedLine));

        Assert.Contains("2^256 - 1", tooLong.Message);
        Assert.InRange(tooLong.Message.Length, 1, 300);
        Assert.DoesNotContain('\n', forged.Message);
        Assert.Contains("'evm?ERROR everything is fine'", forged.Message);
    }

    [Fact]
    public void The_largest_uint256_and_zero_are_amounts()
    {
        const string max = "115792089237316195423570985008687907853269984665640564039457584007913129639935";

        var listing = OpenApiDiscovery.Parse(SearchWith(Offer + "/amount", $"\"{max}\"")).Listing;
        var free = OpenApiDiscovery.Parse(SearchWith(Offer + "/amount", "\"0\"")).Listing;

        Assert.Equal(max, listing!.Operations[0].Offers[0].Amount);
        Assert.Equal(System.Numerics.BigInteger.Pow(2, 256) - 1, listing.Operations[0].Offers[0].AmountValue);
        Assert.Equal("0", free!.Operations[0].Offers[0].Amount);
    }

    [Fact]
    public void A_null_amount_is_dynamic_pricing_not_an_error()
    {
        var result = OpenApiDiscovery.Parse(SearchWith(Offer + "/amount", "null"));

        Assert.True(result.Succeeded);
        Assert.True(result.Listing.Operations[0].Offers[0].IsDynamic);
    }

    [Fact]
    public void An_offer_needs_no_currency_or_description()
    {
        var document = SearchWith(Offer + "/currency", null);

        var offer = OpenApiDiscovery.Parse(document).Listing!.Operations[0].Offers[0];

        Assert.Null(offer.Currency);
        Assert.Null(offer.Description);
    }
}
