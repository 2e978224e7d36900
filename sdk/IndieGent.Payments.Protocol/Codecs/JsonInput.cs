using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace IndieGent.Payments.Protocol.Codecs;

/// <summary>
/// Strict JSON intake for every decoder: well-formed UTF-8, RFC 8259 only (no comments or trailing
/// commas), bounded depth, and duplicate member names rejected so two parsers can never disagree on
/// which <c>amount</c> counts. Names compare unescaped (<c>"\u0061mount"</c> is <c>amount</c>). As
/// I-JSON (RFC 7493 §2.1) requires, a name or string whose escapes are no UTF-16 text
/// (<c>"\ud800"</c>) is invalid JSON; numbers are bounded as RFC 8259 §6 allows: an exponent of more
/// than <see cref="MaxExponentDigits"/> digits is refused.
/// </summary>
internal static class JsonInput
{
    public const int MaxDepth = 32;

    /// <summary>
    /// No double needs more (its exponents end near ±324), and beyond 32 bits
    /// <see cref="JsonElement.DeepEquals"/> throws <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public const int MaxExponentDigits = 4;

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaxDepth,
        AllowDuplicateProperties = false,
    };

    public static JsonElement Parse(ReadOnlySpan<byte> utf8, string? field)
    {
        if (!Utf8.IsValid(utf8))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidEncoding, "The JSON text is not well-formed UTF-8.", field);
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray(), Options);
            RequireIJsonValues(document.RootElement, field);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidJson, "The value is not valid JSON.", field, ex);
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json reports an escaped lone surrogate as InvalidOperationException, not
            // JsonException, when it unescapes: member names in its duplicate check, strings below.
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidJson, "A JSON string or member name is not valid UTF-16 text.", field, ex);
        }
    }

    /// <summary>
    /// Holds an element the caller parsed (with other options, or none) to the same rules as bytes,
    /// so a public reader taking a <see cref="JsonElement"/> sees exactly what one taking bytes sees.
    /// </summary>
    public static JsonElement Reparse(JsonElement element, string? field) =>
        Parse(Encoding.UTF8.GetBytes(element.GetRawText()), field);

    /// <summary>A credential's <c>payload</c>, which must be an object, held to the wire's rules (see <see cref="Reparse"/>).</summary>
    public static JsonElement ReparsePayload(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object
            ? Reparse(payload, "payload")
            : throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidJson, "The payload must be a JSON object.", "payload");

    public static JsonElement ParseObject(ReadOnlySpan<byte> utf8, string? field)
    {
        var element = Parse(utf8, field);
        if (element.ValueKind != JsonValueKind.Object)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidJson, "The JSON value must be an object.", field);
        return element;
    }

    public static JsonElement ParseBase64UrlObject(ReadOnlySpan<char> text, string? field)
    {
        if (!Base64Url.TryDecode(text, out var bytes))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidEncoding, "The value is not canonical unpadded base64url.", field);
        return ParseObject(bytes, field);
    }

    public static JsonElement ParseBase64Object(ReadOnlySpan<char> text, string? field)
    {
        if (!StandardBase64.TryDecode(text, out var bytes))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidEncoding, "The value is not canonical padded base64.", field);
        return ParseObject(bytes, field);
    }

    private static void RequireIJsonValues(JsonElement element, string? field)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                    RequireIJsonValues(member.Value, field);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    RequireIJsonValues(item, field);
                break;
            case JsonValueKind.String when JsonMarshal.GetRawUtf8Value(element).Contains((byte)'\\'):
                _ = element.GetString(); // unescapes, so a lone surrogate throws here
                break;
            case JsonValueKind.Number:
                var number = JsonMarshal.GetRawUtf8Value(element);
                var e = number.IndexOfAny((byte)'e', (byte)'E');
                if (e >= 0 && number[(e + 1)..].TrimStart("+-"u8).TrimStart((byte)'0').Length > MaxExponentDigits)
                    throw new PaymentProtocolException(PaymentProtocolErrorCode.TooLarge, $"A JSON number has an exponent of more than {MaxExponentDigits} digits.", field);
                break;
        }
    }
}
