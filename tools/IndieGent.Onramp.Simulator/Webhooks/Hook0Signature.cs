using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IndieGent.Onramp.Simulator.Webhooks;

/// <summary>
/// The <c>X-Hook0-Signature</c> header Coinbase's webhooks carry (they are delivered by hook0's
/// output worker). Both signatures are HMAC-SHA256 with the subscription's secret, hex:
/// <c>v0</c> over <c>"{t}.{body}"</c>; <c>v1</c> over <c>"{t}.{h}.{values}.{body}"</c>, where
/// <c>h</c> is every header the worker set, names lower-cased and sorted, joined by spaces, and
/// <c>values</c> their values in that order joined by dots. The header is
/// <c>t={t},v0={v0},h={h},v1={v1}</c>.
/// </summary>
public static class Hook0Signature
{
    public const string HeaderName = "X-Hook0-Signature";

    public static string Compute(string secret, long timestamp, IEnumerable<KeyValuePair<string, string>> signedHeaders, ReadOnlySpan<byte> body)
    {
        var headers = signedHeaders
            .Select(h => (Name: h.Key.ToLowerInvariant(), h.Value))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        var names = string.Join(' ', headers.Select(h => h.Name));
        var values = string.Join('.', headers.Select(h => h.Value));
        var key = Encoding.UTF8.GetBytes(secret);
        var v0 = Mac(key, $"{t}.", body);
        var v1 = Mac(key, $"{t}.{names}.{values}.", body);
        return $"t={t},v0={v0},h={names},v1={v1}";
    }

    private static string Mac(byte[] key, string prefix, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(prefix));
        hmac.AppendData(body);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }
}
