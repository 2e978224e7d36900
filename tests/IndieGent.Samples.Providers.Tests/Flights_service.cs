using System.Net;
using System.Text.Json;
using IndieGent.Samples.Providers.Registration;

namespace IndieGent.Samples.Providers.Tests;

/// <summary><c>GET /flights/search</c>: deterministic offers for a paid call, problems for bad questions, a 500 on request.</summary>
public sealed class Flights_service : IAsyncLifetime
{
    private const string Search = "/flights/search?from=AMS&to=LIS&date=2027-01-15";
    private readonly DemoProvidersHost _host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task<JsonElement> OffersAsync(string pathAndQuery)
    {
        using var response = await _host.SendAsync(DemoCatalogue.Flights, "GET", pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await DemoProvidersHost.JsonAsync(response);
    }

    [Fact]
    public async Task A_paid_search_lists_offers_in_departure_order_on_the_route_and_day_asked()
    {
        var result = await OffersAsync(Search);

        Assert.Equal(("AMS", "LIS", "2027-01-15"), (result.GetProperty("from").GetString(), result.GetProperty("to").GetString(), result.GetProperty("date").GetString()));
        var offers = result.GetProperty("offers").EnumerateArray().ToList();
        Assert.InRange(offers.Count, 3, 6);
        var departures = offers.Select(o => o.GetProperty("departure").GetDateTimeOffset()).ToList();
        Assert.Equal(departures.Order(), departures);
        foreach (var offer in offers)
        {
            var departure = offer.GetProperty("departure").GetDateTimeOffset();
            Assert.Equal(new DateOnly(2027, 1, 15), DateOnly.FromDateTime(departure.UtcDateTime));
            Assert.Equal(departure.AddMinutes(offer.GetProperty("durationMinutes").GetInt32()), offer.GetProperty("arrival").GetDateTimeOffset());
            Assert.StartsWith(offer.GetProperty("carrier").GetString()!, offer.GetProperty("flightNumber").GetString()!, StringComparison.Ordinal);
            Assert.True(offer.GetProperty("price").GetDecimal() > 29m);
            Assert.Equal("EUR", offer.GetProperty("currency").GetString());
            Assert.Equal(("AMS", "LIS"), (offer.GetProperty("from").GetString(), offer.GetProperty("to").GetString()));
        }
    }

    [Fact]
    public async Task The_same_question_gets_the_same_offers_and_another_day_gets_others()
    {
        var first = (await OffersAsync(Search)).GetRawText();
        var again = (await OffersAsync(Search)).GetRawText();
        var lowerCase = (await OffersAsync("/flights/search?from=ams&to=lis&date=2027-01-15")).GetRawText();
        var nextDay = (await OffersAsync("/flights/search?from=AMS&to=LIS&date=2027-01-16")).GetRawText();

        Assert.Equal(first, again);
        Assert.Equal(first, lowerCase);
        Assert.NotEqual(first, nextDay);
    }

    [Fact]
    public async Task The_offers_are_fixed_by_the_question_alone()
    {
        // Pinned: the generator is a pure function of the question, on every machine.
        var offers = (await OffersAsync(Search)).GetProperty("offers");

        Assert.Equal(Expected.FirstOfAmsLis20270115, offers[0].GetRawText());
    }

    [Theory]
    [InlineData("/flights/search?from=AM&to=LIS&date=2027-01-15", "from")]
    [InlineData("/flights/search?from=AMS&to=LIS1&date=2027-01-15", "to")]
    [InlineData("/flights/search?from=AMS&to=AMS&date=2027-01-15", "to")]
    [InlineData("/flights/search?from=AMS&to=LIS&date=15-01-2027", "date")]
    [InlineData("/flights/search?from=AMS&to=LIS&date=2027-02-30", "date")]
    [InlineData("/flights/search?to=LIS&date=2027-01-15", "from")]
    [InlineData("/flights/search?from=AMS&to=LIS&date=2027-01-15&fail=404", "fail")]
    public async Task A_bad_question_is_a_validation_problem_naming_the_field(string pathAndQuery, string field)
    {
        using var response = await _host.SendAsync(DemoCatalogue.Flights, "GET", pathAndQuery);

        Assert.Equal((400, "https://indiegent.dev/problems/validation-failed", field), await DemoProvidersHost.ProblemAsync(response));
    }

    [Fact]
    public async Task Fail_500_makes_a_paid_call_fail_so_the_refund_can_be_shown()
    {
        using var response = await _host.SendAsync(DemoCatalogue.Flights, "GET", Search + "&fail=500");

        Assert.Equal((500, "https://indiegent.dev/problems/demo-failure", ""), await DemoProvidersHost.ProblemAsync(response));
    }

    [Fact]
    public async Task An_unpaid_search_and_a_call_paid_for_another_service_are_refused()
    {
        using var unpaid = await _host.SendAsync(null, "GET", Search);
        using var otherService = await _host.SendAsync(DemoCatalogue.Search, "GET", Search);

        Assert.Equal((401, "https://indiegent.dev/problems/marketplace-call-required", ""), await DemoProvidersHost.ProblemAsync(unpaid));
        Assert.Equal((401, "https://indiegent.dev/problems/invalid-marketplace-call", ""), await DemoProvidersHost.ProblemAsync(otherService));
    }

    private static class Expected
    {
        public const string FirstOfAmsLis20270115 =
            """{"id":"c0c0a577d264a21f","carrier":"KL","carrierName":"KLM","flightNumber":"KL5163","from":"AMS","to":"LIS","departure":"2027-01-15T06:20:00+00:00","arrival":"2027-01-15T12:10:00+00:00","durationMinutes":350,"stops":1,"price":295.86,"currency":"EUR"}""";
    }
}
