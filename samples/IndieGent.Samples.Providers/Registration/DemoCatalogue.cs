namespace IndieGent.Samples.Providers.Registration;

/// <summary>
/// The three services as the marketplace lists them. Prices are USDC base units (6 decimals: 20000 = 0.02 USDC); route
/// paths are relative to the service's base URL, which is the app's public URL plus <see cref="DemoService.PathPrefix"/>,
/// so the marketplace's <c>GET /v1/marketplace/demo-flights/search</c> arrives here as <c>GET /flights/search</c>.
/// </summary>
public static class DemoCatalogue
{
    public static readonly DemoService Flights = new("demo-flights", "Demo Flights", "travel",
        "Flight offers between two airports on a date, deterministic for the same question: GET /search?from=AMS&to=LIS&date=2027-01-15. " +
        "Add &fail=500 to see a failed call refunded.",
        "/flights", "20000", [new DemoRoute("GET", "/search", "20000")]);

    public static readonly DemoService Email = new("demo-email", "Demo Email", "email",
        "Sends an email to the demo inbox: POST /send with {\"to\",\"subject\",\"text\"}; answers 202 with the message id.",
        "/email", "5000", [new DemoRoute("POST", "/send", "5000")]);

    // Its route is /search at the app's root: GET /v1/marketplace/demo-search/search?q=… arrives as GET /search?q=….
    public static readonly DemoService Search = new("demo-search", "Demo Web Search", "search",
        "Web results from a small built-in corpus, ranked by term matches: GET /search?q=lisbon+flights.",
        "", "2000", [new DemoRoute("GET", "/search", "2000")]);

    public static readonly IReadOnlyList<DemoService> All = [Flights, Email, Search];
}
