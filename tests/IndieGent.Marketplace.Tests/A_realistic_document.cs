using IndieGent.Marketplace.Discovery;
using static IndieGent.Marketplace.Tests.TestDocuments;

namespace IndieGent.Marketplace.Tests;

/// <summary>
/// Documents/tidewater.json: a marine-forecast API written for these tests after the draft — several
/// paid operations, multi-offer and shorthand <c>x-payment-info</c>, a dynamic offer, a session offer,
/// an mppx-style extra offer member, docs links, categories and free operations.
/// </summary>
public sealed class A_realistic_document
{
    private const string Tempo = "0x20c0000000000000000000000000000000000000";

    [Fact]
    public void Parses_to_the_expected_listing()
    {
        var result = OpenApiDiscovery.Parse(Read("tidewater.json"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
        AssertIsTidewater(result.Listing);
    }

    [Fact]
    public void Its_YAML_form_parses_to_the_same_listing()
    {
        var result = OpenApiDiscovery.Parse(Read("tidewater.yaml"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
        AssertIsTidewater(result.Listing);
    }

    [Fact]
    public async Task Reads_the_same_from_a_stream_and_from_bytes()
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Documents", "tidewater.json"));

        var fromStream = await OpenApiDiscovery.ParseAsync(new MemoryStream(bytes), cancellationToken: TestContext.Current.CancellationToken);
        var fromBytes = OpenApiDiscovery.Parse(bytes.AsMemory());

        AssertIsTidewater(fromStream.Listing);
        AssertIsTidewater(fromBytes.Listing);
    }

    [Fact]
    public void Suggests_a_slug_and_prices_from_the_lowest_offer_per_intent_and_currency()
    {
        var listing = OpenApiDiscovery.Parse(Read("tidewater.json")).Listing!;

        Assert.Equal("tidewater-marine-forecasts", ListingSummary.SuggestSlug(listing));
        var prices = ListingSummary.Prices(listing);
        Assert.Equal(
            [
                new PriceFrom("charge", Tempo, "10000", "tempo"),
                // getTides writes the USDC address in upper case: the same currency, and the cheapest.
                new PriceFrom("charge", "0x833589FCD6EDB6E08F4C7C32D4F71B54BDA02913", "5000", "evm"),
                new PriceFrom("session", Tempo, "100", "tempo"),
            ],
            prices.Lowest);
        Assert.True(prices.HasDynamicPricing); // the Stripe offer of optimiseRoute
        Assert.False(prices.HasUnpricedCurrency);
    }

    private static void AssertIsTidewater(ServiceListing? listing)
    {
        Assert.NotNull(listing);
        Assert.Equal("Tidewater Marine Forecasts", listing.Title);
        Assert.Equal("Wave, wind and tide forecasts for coastal waters, priced per request.", listing.Description);
        Assert.Equal("2.3.0", listing.Version);
        Assert.Equal("3.1.0", listing.OpenApiVersion);
        Assert.Equal(new Uri("https://api.tidewater.example/v2"), listing.BaseUrl);
        Assert.Equal(["data", "travel"], listing.ServiceInfo.Categories);
        Assert.Equal(
            new ServiceDocs(new Uri("https://tidewater.example/docs/api"), new Uri("https://tidewater.example"), new Uri("https://tidewater.example/llms.txt")),
            listing.ServiceInfo.Docs);

        Assert.Equal(
            [
                ("GET", "/forecast", "getForecast", "Marine forecast for a position", null, false),
                ("POST", "/routes/optimise", "optimiseRoute", "Weather routing between two ports", "Finds the fastest safe passage given the forecast.", true),
                ("GET", "/tides/{stationId}", "getTides", "Tide table for a station", null, false),
                ("GET", "/live", "streamObservations", "Live buoy observations", null, false),
                ("GET", "/stations", "listStations", "Every station", null, false),
                ("GET", "/health", null, null, null, false),
            ],
            listing.Operations.Select(o => (o.Method, o.Path, o.OperationId, o.Summary, o.Description, o.HasRequestBody)));
        Assert.Equal(["getForecast", "optimiseRoute", "getTides", "streamObservations"], listing.PaidOperations.Select(o => o.OperationId));
        Assert.All(listing.Operations.Skip(4), operation => Assert.False(operation.IsPaid));

        Assert.Equal(
            [
                ("charge", "evm", "10000", Usdc, "0.01 USDC on Base", "recipient=\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\""),
                ("charge", "tempo", "10000", Tempo, null, ""),
            ],
            listing.Operations[0].Offers.Select(Shape));
        Assert.Equal(
            [
                ("charge", "evm", "250000", Usdc, null, ""),
                ("charge", "stripe", null, "usd", "Priced by route length.", ""),
            ],
            listing.Operations[1].Offers.Select(Shape));
        Assert.True(listing.Operations[1].Offers[1].IsDynamic);
        Assert.Null(listing.Operations[1].Offers[1].AmountValue);
        // The single-offer shorthand is one offer.
        Assert.Equal([("charge", "evm", "5000", "0x833589FCD6EDB6E08F4C7C32D4F71B54BDA02913", null, "")], listing.Operations[2].Offers.Select(Shape));
        Assert.Equal([("session", "tempo", "100", Tempo, "Per observation.", "")], listing.Operations[3].Offers.Select(Shape));
        Assert.Equal(250000, listing.Operations[1].Offers[0].AmountValue);
    }
}
