namespace IndieGent.Samples.Providers.Flights;

/// <summary>One flight offer. Times are UTC; the price is in EUR with two decimals.</summary>
public sealed record FlightOffer(
    string Id,
    string Carrier,
    string CarrierName,
    string FlightNumber,
    string From,
    string To,
    DateTimeOffset Departure,
    DateTimeOffset Arrival,
    int DurationMinutes,
    int Stops,
    decimal Price,
    string Currency);
