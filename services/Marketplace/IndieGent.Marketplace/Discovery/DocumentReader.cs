using System.Text;
using System.Text.Json;

namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// Bytes to one JSON tree: JSON when the first non-blank character opens an object or array,
/// YAML otherwise (read into the same tree, so every later rule and pointer is the same).
/// </summary>
internal static class DocumentReader
{
    public const int MaxDepth = 64;

    // Duplicate members are refused: with two "amount"s, readers would disagree on the price.
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static JsonDocument? Read(ReadOnlyMemory<byte> utf8, IssueLog log)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        var first = FirstNonBlank(utf8.Span);
        if (first < 0)
        {
            log.Error(JsonPointer.Document, "The document is empty.");
            return null;
        }
        return utf8.Span[first] is (byte)'{' or (byte)'[' ? ReadJson(utf8, log) : ReadYaml(utf8, log);
    }

    private static JsonDocument? ReadJson(ReadOnlyMemory<byte> utf8, IssueLog log)
    {
        try
        {
            return JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException e)
        {
            log.Error(JsonPointer.Document, $"The document is not valid JSON: {e.Message}");
            return null;
        }
    }

    private static JsonDocument? ReadYaml(ReadOnlyMemory<byte> utf8, IssueLog log)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(utf8.Span);
        }
        catch (DecoderFallbackException)
        {
            log.Error(JsonPointer.Document, "The document is not valid UTF-8.");
            return null;
        }
        var json = YamlDocumentReader.ReadAsJson(text, log);
        return json is null ? null : JsonDocument.Parse(json, Options);
    }

    private static int FirstNonBlank(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < utf8.Length; i++)
            if (utf8[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return i;
        return -1;
    }
}
