using IndieGent.Payments.AspNetCore.Marketplace;
using IndieGent.Samples.Providers.Flights;
using IndieGent.Samples.Providers.Registration;

namespace IndieGent.Samples.Providers.Apis;

/// <summary>The <c>demo-flights</c> service: <c>GET /flights/search?from=AMS&amp;to=LIS&amp;date=2027-01-15</c>.</summary>
public static class FlightsApi
{
    public static IEndpointRouteBuilder MapFlightsApi(this IEndpointRouteBuilder app)
    {
        var flights = app.MapGroup("/flights").WithTags("Flights").RequireMarketplaceCall(DemoCatalogue.Flights.Slug);
        flights.MapGet("/search", Search);
        return app;
    }

    public sealed record FlightSearchResult(string From, string To, DateOnly Date, IReadOnlyList<FlightOffer> Offers);

    /// <param name="from">Departure airport, 3-letter IATA code.</param>
    /// <param name="to">Arrival airport, 3-letter IATA code.</param>
    /// <param name="date">Day of departure, yyyy-MM-dd.</param>
    /// <param name="fail">Demos and tests: <c>500</c> makes the call fail (after it was paid), to show the refund.</param>
    public static IResult Search(string? from, string? to, string? date, string? fail)
    {
        if (fail is not null && fail != "500")
            return DemoProblems.Invalid(new Dictionary<string, string[]> { ["fail"] = ["'fail' is either absent or 500."] });
        if (fail == "500")
            return DemoProblems.DemoFailure();
        if (FlightQuery.TryCreate(from, to, date, out var errors) is not { } query)
            return DemoProblems.Invalid(errors);
        return TypedResults.Ok(new FlightSearchResult(query.From, query.To, query.Date, FlightOffers.For(query)));
    }
}
