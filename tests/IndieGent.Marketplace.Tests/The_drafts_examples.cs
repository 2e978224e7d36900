using System.Text.Json;
using IndieGent.Marketplace.Discovery;
using static IndieGent.Marketplace.Tests.TestDocuments;

namespace IndieGent.Marketplace.Tests;

/// <summary>
/// The examples of draft-payment-discovery-00 (Documents/Draft, copied from tempoxyz/mpp-specs
/// <c>specs/extensions/draft-payment-discovery-00.md</c>; see Documents/Draft/README.md).
/// </summary>
public sealed class The_drafts_examples
{
    private static readonly DiscoveryOptions FromItsOrigin = new() { DocumentUrl = new Uri("https://api.example.com/openapi.json") };

    [Fact]
    public void The_example_document_lists_both_operations_when_read_from_its_own_URL()
    {
        var result = OpenApiDiscovery.Parse(Read("Draft/example-openapi-document.json"), FromItsOrigin);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
        var listing = result.Listing;
        Assert.Equal(("Example AI API", "1.0.0", "3.1.0"), (listing.Title, listing.Version, listing.OpenApiVersion));
        // No servers: OpenAPI's default server "/" on the document's origin.
        Assert.Equal(new Uri("https://api.example.com/"), listing.BaseUrl);
        Assert.Equal(["compute"], listing.ServiceInfo.Categories);
        Assert.Equal(
            new ServiceDocs(new Uri("https://api.example.com/reference"), new Uri("https://api.example.com/docs"), new Uri("https://api.example.com/llms.txt")),
            listing.ServiceInfo.Docs);
        Assert.Equal(
            [("POST", "/v1/chat/completions", "Chat completions", true), ("POST", "/v1/embeddings", "Text embeddings", true)],
            listing.Operations.Select(o => (o.Method, o.Path, o.Summary!, o.HasRequestBody)));
        Assert.Equal(
            [
                ("charge", "tempo", "500", "0x20c00000000000000000000000000000000000", null, ""),
                ("charge", "tempo", "500", "0x20c000000000000000000000b9537d11c60e8b50", "Alternative Tempo asset for the same route.", ""),
            ],
            listing.Operations[0].Offers.Select(Shape));
        // The single-offer shorthand, with dynamic pricing.
        Assert.Equal(
            [("charge", "tempo", null, "0x20c00000000000000000000000000000000000", "Price varies by model and token count.", "")],
            listing.Operations[1].Offers.Select(Shape));
    }

    [Fact]
    public void The_example_document_names_no_server_so_it_needs_its_own_URL()
    {
        var result = OpenApiDiscovery.Parse(Read("Draft/example-openapi-document.json"));

        Assert.Equal("/servers", SingleError(result).Pointer);
    }

    [Theory]
    [InlineData("offers-same-intent-different-currency.json")]
    [InlineData("offers-multiple-methods-one-intent.json")]
    [InlineData("offers-fixed-and-dynamic.json")]
    [InlineData("offers-multiple-methods-and-intents.json")]
    public void Each_offer_example_is_read_exactly_as_written(string file)
    {
        var fragment = Read("Draft/" + file);
        var paymentInfo = JsonDocument.Parse(fragment).RootElement.GetProperty("x-payment-info");
        var document = SearchWith("/paths/~1search/get/x-payment-info", paymentInfo.GetRawText());

        var result = OpenApiDiscovery.Parse(document);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var expected = paymentInfo.GetProperty("offers").EnumerateArray().Select(offer => (
            offer.GetProperty("intent").GetString()!,
            offer.GetProperty("method").GetString()!,
            offer.GetProperty("amount").GetString(),
            offer.GetProperty("currency").GetString(),
            offer.TryGetProperty("description", out var description) ? description.GetString() : null,
            ""));
        Assert.Equal(expected, result.Listing.Operations[0].Offers.Select(Shape));
    }
}
