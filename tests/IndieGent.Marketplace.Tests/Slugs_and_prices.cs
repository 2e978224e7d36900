using System.Text.RegularExpressions;
using CsCheck;
using IndieGent.Marketplace.Discovery;
using static IndieGent.Marketplace.Tests.TestDocuments;

namespace IndieGent.Marketplace.Tests;

/// <summary>What the catalogue shows: a suggested slug and the "price from" lines.</summary>
public sealed partial class Slugs_and_prices
{
    [Theory]
    [InlineData("Tidewater Marine Forecasts", "tidewater-marine-forecasts")]
    [InlineData("Bob's Café API", "bobs-cafe-api")]
    [InlineData("  Ünïcode   Straße -- Wörterbuch! ", "unicode-strasse-worterbuch")]
    [InlineData("GPT-4o Tools", "gpt-4o-tools")]
    [InlineData("日本語 Search API", "search-api")]
    [InlineData("A/B Testing & Analytics (beta)", "a-b-testing-analytics-beta")]
    [InlineData("The Extraordinarily Comprehensive Global Weather Intelligence Platform", "the-extraordinarily-comprehensive-global-weather")]
    [InlineData("Supercalifragilisticexpialidocious Hyperventilating Lexicon", "supercalifragilisticexpialidocious")]
    [InlineData("X Pneumonoultramicroscopicsilicovolcanoconiosis-and-more", "x-pneumonoultramicroscopicsilicovolcanoconiosis")]
    [InlineData("Q Yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", "q-yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy")]
    public void A_slug_comes_from_the_title(string title, string slug)
    {
        Assert.Equal(slug, ListingSummary.SuggestSlug(title));
    }

    [Fact]
    public void A_title_too_short_for_a_slug_falls_back_to_the_host()
    {
        Assert.Equal("ai-example-com", ListingSummary.SuggestSlug("AI", new Uri("https://www.ai.example.com/v1")));
        Assert.Equal("api-example-com", ListingSummary.SuggestSlug("日本語", new Uri("https://api.example.com")));
        Assert.Null(ListingSummary.SuggestSlug("AI"));
        Assert.Null(ListingSummary.SuggestSlug("--", new Uri("http://x/")));
    }

    [Fact]
    public void Any_suggested_slug_is_3_to_48_lowercase_letters_digits_and_single_hyphens()
    {
        var title = Gen.String[Gen.Frequency((4, Gen.Char['a', 'z']), (2, Gen.Char['A', 'Z']), (2, Gen.OneOf(" -_'’.éÜßøœ0123456789日".ToCharArray())), (1, Gen.Char)), 0, 120];

        title.Sample(text =>
        {
            var slug = ListingSummary.SuggestSlug(text);
            return slug is null || slug.Length is >= 3 and <= 48 && SlugFormat().IsMatch(slug);
        }, iter: 20_000);
    }

    [Fact]
    public void The_lowest_price_per_intent_and_currency_wins_and_ties_keep_document_order()
    {
        var document = SearchWith("/paths/~1search/get/x-payment-info/offers", $$"""
            [
              { "intent": "charge", "method": "evm", "amount": "1000", "currency": "{{Usdc}}" },
              { "intent": "charge", "method": "tempo", "amount": "900", "currency": "{{Usdc.ToLowerInvariant()}}" },
              { "intent": "charge", "method": "evm", "amount": "900", "currency": "{{Usdc}}" },
              { "intent": "charge", "method": "stripe", "amount": "1", "currency": "usd" },
              { "intent": "charge", "method": "card", "amount": "2", "currency": "USD" },
              { "intent": "session", "method": "tempo", "amount": "10", "currency": "{{Usdc}}" },
              { "intent": "charge", "method": "evm", "amount": "99999999999999999999999999999999999999" }
            ]
            """);

        var prices = ListingSummary.Prices(OpenApiDiscovery.Parse(document).Listing!);

        Assert.Equal(
            [
                new PriceFrom("charge", Usdc.ToLowerInvariant(), "900", "tempo"),
                new PriceFrom("charge", "usd", "1", "stripe"),
                new PriceFrom("session", Usdc, "10", "tempo"),
            ],
            prices.Lowest);
        Assert.False(prices.HasDynamicPricing);
        Assert.True(prices.HasUnpricedCurrency);
    }

    [Fact]
    public void Amounts_compare_as_numbers_not_as_text()
    {
        var document = SearchWith("/paths/~1search/get/x-payment-info/offers", $$"""
            [
              { "intent": "charge", "method": "evm", "amount": "9", "currency": "{{Usdc}}" },
              { "intent": "charge", "method": "evm", "amount": "10", "currency": "{{Usdc}}" },
              { "intent": "charge", "method": "evm", "amount": "115792089237316195423570985008687907853269984665640564039457584007913129639935", "currency": "{{Usdc}}" }
            ]
            """);

        Assert.Equal("9", Assert.Single(ListingSummary.Prices(OpenApiDiscovery.Parse(document).Listing!).Lowest).Amount);
    }

    [Fact]
    public void Only_dynamic_prices_give_no_line_but_say_so()
    {
        var prices = ListingSummary.Prices(OpenApiDiscovery.Parse(SearchWith("/paths/~1search/get/x-payment-info/offers/0/amount", "null")).Listing!);

        Assert.Empty(prices.Lowest);
        Assert.True(prices.HasDynamicPricing);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugFormat();
}
