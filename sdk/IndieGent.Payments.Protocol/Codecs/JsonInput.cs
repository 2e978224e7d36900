using System.Text.Json;
using System.Text.Unicode;

namespace IndieGent.Payments.Protocol.Codecs;

/// <summary>
/// Strict JSON intake for every decoder: well-formed UTF-8, RFC 8259 only (no comments or trailing
/// commas), bounded depth, and duplicate member names rejected so two parsers can never disagree on
/// which <c>amount</c> counts.
/// </summary>
internal static class JsonInput
{
    public const int MaxDepth = 32;

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
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidJson, "The value is not valid JSON.", field, ex);
        }
    }

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
}
