using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Signing;

namespace IndieGent.Payments.Protocol.Marketplace;

/// <summary>
/// The <c>IndieGent-Marketplace-Call</c> header: the platform's signed statement that a forwarded request is a
/// paid marketplace call. Its value is an <see cref="Es256Envelope"/> (<c>keyId.base64url(payload).base64url(signature)</c>,
/// ES256) of a JSON object with these members, all required:
/// <list type="table">
/// <item><term><c>v</c></term><description>the format version, the number <c>1</c>; any other is refused</description></item>
/// <item><term><c>pid</c></term><description><see cref="MarketplaceCall.ProviderId"/>, a GUID string</description></item>
/// <item><term><c>svc</c></term><description><see cref="MarketplaceCall.Service"/>, the service slug</description></item>
/// <item><term><c>cid</c></term><description><see cref="MarketplaceCall.CallId"/>, a GUID string</description></item>
/// <item><term><c>amt</c></term><description><see cref="MarketplaceCall.Price"/>, base units as canonical decimal text (<c>"20000"</c>)</description></item>
/// <item><term><c>cur</c></term><description><see cref="MarketplaceCall.Currency"/> (<c>"USDC"</c>)</description></item>
/// <item><term><c>m</c></term><description><see cref="MarketplaceCall.Method"/> (<c>"GET"</c>)</description></item>
/// <item><term><c>p</c></term><description><see cref="MarketplaceCall.Path"/>, starting with <c>/</c>, no query</description></item>
/// <item><term><c>iat</c></term><description><see cref="MarketplaceCall.IssuedAt"/>, unix seconds</description></item>
/// <item><term><c>exp</c></term><description><see cref="MarketplaceCall.ExpiresAt"/>, unix seconds, not before <c>iat</c></description></item>
/// </list>
/// Members not listed are ignored (a later v1 may add optional ones); a repeated member makes the payload invalid.
/// The whole header is at most <see cref="MaxLength"/> characters.
/// </summary>
public static class MarketplaceCallHeader
{
    /// <summary>The header's name.</summary>
    public const string Name = "IndieGent-Marketplace-Call";

    /// <summary>The format version this library writes and the only one it reads.</summary>
    public const int Version = 1;

    /// <summary>The longest header accepted or written, in characters.</summary>
    public const int MaxLength = 8192;

    private const string What = "marketplace call";
    private const int MaxServiceLength = 100;
    private const int MaxCurrencyLength = 32;
    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    // RFC 9110 §5.6.2 tchar: what a method is made of.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Signs <paramref name="call"/> as a header value.</summary>
    /// <param name="call">The call; timestamps are written in whole seconds (truncated).</param>
    /// <param name="keyId">The id providers know the platform's public key by: non-empty, no dots.</param>
    /// <param name="key">The platform's ECDSA P-256 private key.</param>
    /// <returns>The header value.</returns>
    /// <exception cref="ArgumentException">When a field of <paramref name="call"/> could not be read back by <see cref="Open"/>, or the header would exceed <see cref="MaxLength"/>.</exception>
    public static string Seal(MarketplaceCall call, string keyId, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(key);
        if (Describe(call.Service, call.Price, call.Currency, call.Method, call.Path,
                call.IssuedAt.ToUnixTimeSeconds(), call.ExpiresAt.ToUnixTimeSeconds()) is { } invalid)
            throw new ArgumentException($"The call cannot be sealed: {invalid}", nameof(call));

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", Version);
            json.WriteString("pid", call.ProviderId.ToString("D"));
            json.WriteString("svc", call.Service);
            json.WriteString("cid", call.CallId.ToString("D"));
            json.WriteString("amt", call.Price);
            json.WriteString("cur", call.Currency);
            json.WriteString("m", call.Method);
            json.WriteString("p", call.Path);
            json.WriteNumber("iat", call.IssuedAt.ToUnixTimeSeconds());
            json.WriteNumber("exp", call.ExpiresAt.ToUnixTimeSeconds());
            json.WriteEndObject();
        }

        var header = Es256Envelope.Seal(buffer.WrittenSpan, keyId, key);
        return header.Length <= MaxLength
            ? header
            : throw new ArgumentException($"The sealed call would be {header.Length} characters; the limit is {MaxLength} (is the path that long?).", nameof(call));
    }

    /// <summary>
    /// The call <paramref name="header"/> vouches for, when one of <paramref name="keys"/> signed it. The signature
    /// is checked first, then the payload is parsed. Whether the call is for this provider, still valid, for this
    /// request and new is the caller's to check.
    /// </summary>
    /// <param name="header">The header value, or null when the request has none.</param>
    /// <param name="keys">The platform's public keys by key id.</param>
    /// <param name="problem">Empty on success; otherwise a human sentence naming no secret (the header is a bearer credential).</param>
    /// <returns>The call, or null.</returns>
    public static MarketplaceCall? Open(string? header, IReadOnlyDictionary<string, ECDsa> keys, out string problem)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (Es256Envelope.Open(header, keys, MaxLength, What, out problem) is not { } payload)
            return null;
        try
        {
            var root = JsonInput.Parse(payload, null);
            if (root.ValueKind != JsonValueKind.Object)
                return Refuse("The marketplace call's payload is not a JSON object.", out problem);
            var version = JsonRead.RequiredInt64(root, "v", long.MinValue, long.MaxValue);
            if (version != Version)
                return Refuse($"The marketplace call is of version {version.ToString(CultureInfo.InvariantCulture)}; only version {Version} is understood.", out problem);

            var providerId = RequiredGuid(root, "pid");
            var service = JsonRead.RequiredString(root, "svc");
            var callId = RequiredGuid(root, "cid");
            var price = JsonRead.RequiredString(root, "amt");
            var currency = JsonRead.RequiredString(root, "cur");
            var method = JsonRead.RequiredString(root, "m");
            var path = JsonRead.RequiredString(root, "p");
            var issuedAt = JsonRead.RequiredInt64(root, "iat", 0, MaxUnixSeconds);
            var expiresAt = JsonRead.RequiredInt64(root, "exp", 0, MaxUnixSeconds);
            if (Describe(service, price, currency, method, path, issuedAt, expiresAt) is { } invalid)
                return Refuse($"The marketplace call is invalid: {invalid}", out problem);

            return new MarketplaceCall(providerId, service, callId, price, currency, method, path,
                DateTimeOffset.FromUnixTimeSeconds(issuedAt), DateTimeOffset.FromUnixTimeSeconds(expiresAt));
        }
        catch (PaymentProtocolException e)
        {
            // The messages name members, never values.
            return Refuse($"The marketplace call's payload is invalid: {e.Message}", out problem);
        }
    }

    private static MarketplaceCall? Refuse(string why, out string problem)
    {
        problem = why;
        return null;
    }

    private static Guid RequiredGuid(JsonElement root, string name) =>
        Guid.TryParseExact(JsonRead.RequiredString(root, name), "D", out var id)
            ? id
            : throw JsonRead.Invalid(name, "must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");

    /// <summary>What makes these fields unreadable, or null; one rule for writing and reading.</summary>
    private static string? Describe(string? service, string? price, string? currency, string? method, string? path, long issuedAt, long expiresAt)
    {
        if (!IsPrintableAscii(service, MaxServiceLength))
            return $"the service (svc) must be 1 to {MaxServiceLength} printable ASCII characters.";
        if (!UInt256Text.TryParse(price, out _))
            return "the price (amt) must be canonical decimal base units.";
        if (!IsPrintableAscii(currency, MaxCurrencyLength))
            return $"the currency (cur) must be 1 to {MaxCurrencyLength} printable ASCII characters.";
        if (string.IsNullOrEmpty(method) || method.Length > 32 || method.AsSpan().ContainsAnyExcept(TokenChars))
            return "the method (m) must be an HTTP method token.";
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Contains('?', StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal) ||
            path.AsSpan().ContainsAnyInRange('\0', '\u001f') || path.Contains('\u007f', StringComparison.Ordinal))
            return "the path (p) must start with '/' and hold no query, fragment or control character.";
        if (issuedAt is < 0 or > MaxUnixSeconds || expiresAt is < 0 or > MaxUnixSeconds)
            return "the timestamps (iat, exp) must lie between 1970 and 9999.";
        if (expiresAt < issuedAt)
            return "it expires (exp) before it was issued (iat).";
        return null;
    }

    private static bool IsPrintableAscii(string? text, int maxLength) =>
        !string.IsNullOrEmpty(text) && text.Length <= maxLength && !text.AsSpan().ContainsAnyExceptInRange(' ', '~');
}
