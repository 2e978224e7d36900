using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IndieGent.Funding.Onramp;

/// <summary>
/// Verifies CDP webhook deliveries (Hook0): <c>X-Hook0-Signature: t=&lt;unix seconds&gt;,h=&lt;header
/// names, space separated&gt;,v1=&lt;hex&gt;</c>, where v1 is HMAC-SHA256 with the subscription secret over
/// <c>"&lt;t&gt;.&lt;h&gt;.&lt;the named headers' values joined by '.'&gt;.&lt;raw body&gt;"</c>. Compared in constant
/// time; a delivery older (or further in the future) than the tolerance is refused, so a captured
/// delivery cannot be replayed later.
/// </summary>
public static class Hook0Signature
{
    public const string HeaderName = "X-Hook0-Signature";

    /// <summary>CDP's documented replay window.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static Hook0Verification Verify(string? header, Func<string, string?> headerValue, ReadOnlySpan<byte> body, string secret,
        DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrWhiteSpace(header) || string.IsNullOrEmpty(secret))
            return Hook0Verification.Missing;
        string? t = null, h = null, v1 = null;
        foreach (var part in header.Split(','))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                return Hook0Verification.Malformed;
            var (name, value) = (part[..eq].Trim(), part[(eq + 1)..].Trim());
            switch (name)
            {
                case "t": t = value; break;
                case "h": h = value; break;
                case "v1": v1 = value; break;
            }
        }

        if (t is null || h is null || v1 is null)
            return Hook0Verification.Malformed;
        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) || v1.Length != SHA256.HashSizeInBytes * 2 ||
            !v1.All(char.IsAsciiHexDigit))
            return Hook0Verification.Malformed;
        if (unix > DateTimeOffset.MaxValue.ToUnixTimeSeconds() || (now - DateTimeOffset.FromUnixTimeSeconds(unix)).Duration() > tolerance)
            return Hook0Verification.Stale;

        var names = h.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var expected = Mac(t, h, names.Select(n => headerValue(n) ?? ""), body, secret);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(v1))
            ? Hook0Verification.Valid
            : Hook0Verification.Mismatch;
    }

    /// <summary>The header a sender computes (the inverse of <see cref="Verify"/>; for tests and tools).</summary>
    public static string Sign(long unixSeconds, IReadOnlyList<(string Name, string Value)> headers, ReadOnlySpan<byte> body, string secret)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var h = string.Join(' ', headers.Select(x => x.Name));
        return $"t={t},h={h},v1={Convert.ToHexStringLower(Mac(t, h, headers.Select(x => x.Value), body, secret))}";
    }

    private static byte[] Mac(string t, string h, IEnumerable<string> values, ReadOnlySpan<byte> body, string secret)
    {
        var prefix = Encoding.UTF8.GetBytes($"{t}.{h}.{string.Join('.', values)}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}

public enum Hook0Verification
{
    Valid,
    Missing,
    Malformed,
    Stale,
    Mismatch,
}
