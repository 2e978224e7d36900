using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IndieGent.Onramp.Simulator.Tests;

/// <summary>
/// A webhook receiver's check of <c>X-Hook0-Signature</c>, written from Coinbase's verification
/// guide independently of the simulator's signer: parse <c>t</c>, <c>h</c>, <c>v1</c>; sign
/// <c>"{t}.{h}.{values of h's headers joined by '.'}.{raw body}"</c>; compare in constant time;
/// refuse stale timestamps.
/// </summary>
public static class Hook0Verifier
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static bool IsValid(string? signatureHeader, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body, string secret, DateTimeOffset now)
    {
        if (signatureHeader is null)
            return false;
        var parts = signatureHeader.Split(',')
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("h", out var h) || !parts.TryGetValue("v1", out var v1)
            || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
            return false;

        var values = string.Join('.', h.Split(' ').Select(name => headers.TryGetValue(name, out var value) ? value : ""));
        var signed = Encoding.UTF8.GetBytes($"{t}.{h}.{values}.").Concat(body.ToArray()).ToArray();
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(v1));
    }
}
