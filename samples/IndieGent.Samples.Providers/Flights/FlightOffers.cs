using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace IndieGent.Samples.Providers.Flights;

/// <summary>
/// Flight offers derived from SHA-256 hashes of the question: the same route and day always give the same offers, on
/// every machine and every run; another day or route gives others. Nothing is real but the arithmetic.
/// </summary>
public static class FlightOffers
{
    private static readonly (string Code, string Name)[] Carriers =
    [
        ("KL", "KLM"), ("TP", "TAP Air Portugal"), ("U2", "easyJet"), ("FR", "Ryanair"), ("IB", "Iberia"),
        ("LH", "Lufthansa"), ("AF", "Air France"), ("BA", "British Airways"), ("VY", "Vueling"), ("HV", "Transavia"),
    ];

    public static IReadOnlyList<FlightOffer> For(FlightQuery query)
    {
        // The route's own numbers: how long it takes nonstop and what a minute of it costs, the same every day.
        var route = Hash($"{query.From}-{query.To}");
        var nonstopMinutes = 45 + Number(route, 0, 600); // 45 min to 10 h 45
        var eurPerMinute = 0.60m + Number(route, 4, 60) / 100m;
        var day = Hash($"{query.From}-{query.To}-{query.Date:yyyy-MM-dd}");
        var count = 3 + Number(day, 0, 4);

        var offers = new List<FlightOffer>(count);
        for (var i = 0; i < count; i++)
        {
            var h = Hash($"{query.From}-{query.To}-{query.Date:yyyy-MM-dd}-{i}");
            var (code, name) = Carriers[Number(h, 0, Carriers.Length)];
            var stops = Number(h, 4, 4) == 0 ? 1 : 0;
            var minutes = nonstopMinutes + Number(h, 8, 41) + stops * (60 + Number(h, 12, 120));
            var departure = new DateTimeOffset(query.Date.ToDateTime(new TimeOnly(5, 0)), TimeSpan.Zero).AddMinutes(5 * Number(h, 16, 205)); // 05:00–22:00
            var factor = 0.80m + Number(h, 20, 81) / 100m;
            var price = decimal.Round(29m + minutes * eurPerMinute * factor * (stops == 1 ? 0.85m : 1m), 2);
            offers.Add(new FlightOffer(
                Id: Convert.ToHexStringLower(h.AsSpan(24, 8)),
                Carrier: code,
                CarrierName: name,
                FlightNumber: $"{code}{100 + Number(h, 28, 9900)}",
                From: query.From,
                To: query.To,
                Departure: departure,
                Arrival: departure.AddMinutes(minutes),
                DurationMinutes: minutes,
                Stops: stops,
                Price: price,
                Currency: "EUR"));
        }

        return [.. offers.OrderBy(o => o.Departure).ThenBy(o => o.Id, StringComparer.Ordinal)];
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    /// <summary>A number in [0, <paramref name="range"/>) from four bytes of the hash.</summary>
    private static int Number(byte[] hash, int offset, int range) => (int)(BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(offset)) % (uint)range);
}
