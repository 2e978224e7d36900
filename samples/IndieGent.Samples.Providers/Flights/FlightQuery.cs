using System.Globalization;

namespace IndieGent.Samples.Providers.Flights;

/// <summary>A validated search: two different IATA airport codes (upper-cased) and a calendar date.</summary>
public sealed record FlightQuery(string From, string To, DateOnly Date)
{
    /// <summary>The query, or every field's problem.</summary>
    public static FlightQuery? TryCreate(string? from, string? to, string? date, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (!IsIata(from))
            errors["from"] = ["'from' is the departure airport's 3-letter IATA code, e.g. AMS."];
        if (!IsIata(to))
            errors["to"] = ["'to' is the arrival airport's 3-letter IATA code, e.g. LIS."];
        else if (IsIata(from) && string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
            errors["to"] = ["'to' must differ from 'from'."];
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            errors["date"] = ["'date' is the day of departure as an ISO date, e.g. 2027-01-15."];
        return errors.Count == 0 ? new FlightQuery(from!.ToUpperInvariant(), to!.ToUpperInvariant(), day) : null;
    }

    private static bool IsIata(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetter);
}
