using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.X402;

/// <summary>
/// The x402 v2 <c>payment-identifier</c> extension: a server declares it in <c>PAYMENT-REQUIRED</c>'s
/// <c>extensions</c> (<c>{"info": {"required": bool}, "schema": …}</c>); a client echoes the declaration in
/// its <c>PAYMENT-SIGNATURE</c> with <c>info.id</c> added, an idempotency id of 16–128 characters of
/// <c>[A-Za-z0-9_-]</c>. The server answers the same id with the same payload with its first answer, and
/// the same id with another payload with 409.
/// </summary>
public static class X402PaymentIdentifier
{
    /// <summary>The extension's key in <c>extensions</c>.</summary>
    public const string Key = "payment-identifier";

    /// <summary>The shortest id.</summary>
    public const int MinLength = 16;

    /// <summary>The longest id.</summary>
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    /// <summary>Whether <paramref name="id"/> is a well-formed payment id.</summary>
    /// <param name="id">The id.</param>
    /// <returns><see langword="true"/> for 16–128 characters of letters, digits, <c>_</c> and <c>-</c>.</returns>
    public static bool IsValid(string? id) => id is { Length: >= MinLength and <= MaxLength } && !id.AsSpan().ContainsAnyExcept(Allowed);

    /// <summary>A new random id, as the reference client makes them: <c>pay_</c> and 32 hex digits.</summary>
    /// <returns>The id.</returns>
    public static string NewId() => "pay_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The server's declaration, the value of <see cref="Key"/> in <c>PAYMENT-REQUIRED</c>'s <c>extensions</c>.</summary>
    /// <param name="required">Whether a payment without an id is refused.</param>
    /// <returns>The declaration.</returns>
    public static JsonElement Declaration(bool required) => JsonInput.Parse(PaymentJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("info");
        writer.WriteBoolean("required", required);
        writer.WriteEndObject();
        writer.WriteStartObject("schema");
        writer.WriteString("$schema", "https://json-schema.org/draft/2020-12/schema");
        writer.WriteString("type", "object");
        writer.WriteStartObject("properties");
        writer.WriteStartObject("required");
        writer.WriteString("type", "boolean");
        writer.WriteEndObject();
        writer.WriteStartObject("id");
        writer.WriteString("type", "string");
        writer.WriteNumber("minLength", MinLength);
        writer.WriteNumber("maxLength", MaxLength);
        writer.WriteString("pattern", "^[a-zA-Z0-9_-]+$");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("required");
        writer.WriteStringValue("required");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }), Key);

    /// <summary>An offer's <c>extensions</c> declaring this extension alone.</summary>
    /// <param name="required">Whether a payment without an id is refused.</param>
    /// <returns>The extensions object.</returns>
    public static JsonElement Extensions(bool required)
    {
        var declaration = Declaration(required);
        return JsonInput.Parse(PaymentJson.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName(Key);
            declaration.WriteTo(writer);
            writer.WriteEndObject();
        }), "extensions");
    }

    /// <summary>Whether <paramref name="extensions"/> (an offer's) declare the extension.</summary>
    /// <param name="extensions">The offer's extensions.</param>
    /// <param name="required">Whether the server refuses a payment without an id.</param>
    /// <returns><see langword="true"/> when declared.</returns>
    public static bool IsDeclared(JsonElement? extensions, out bool required)
    {
        required = false;
        if (extensions is not { ValueKind: JsonValueKind.Object } all || !all.TryGetProperty(Key, out var declared) || declared.ValueKind != JsonValueKind.Object)
            return false;
        required = declared.TryGetProperty("info", out var info) && info.ValueKind == JsonValueKind.Object &&
                   info.TryGetProperty("required", out var flag) && flag.ValueKind == JsonValueKind.True;
        return true;
    }

    /// <summary>
    /// The extensions a payment echoes with <paramref name="id"/> as <c>payment-identifier</c>'s <c>info.id</c>; the
    /// other extensions and the rest of the declaration unchanged. Unchanged when the offer does not declare it.
    /// </summary>
    /// <param name="extensions">The offer's extensions.</param>
    /// <param name="id">The payment's id.</param>
    /// <returns>The extensions to echo.</returns>
    /// <exception cref="ArgumentException">When <paramref name="id"/> is not a valid id.</exception>
    public static JsonElement? WithId(JsonElement? extensions, string id)
    {
        if (!IsValid(id))
            throw new ArgumentException($"A payment id is {MinLength}–{MaxLength} characters of letters, digits, '_' and '-'.", nameof(id));
        if (!IsDeclared(extensions, out _))
            return extensions;
        return JsonInput.Parse(PaymentJson.Write(writer =>
        {
            writer.WriteStartObject();
            foreach (var extension in extensions!.Value.EnumerateObject())
            {
                if (extension.Name != Key)
                {
                    extension.WriteTo(writer);
                    continue;
                }

                writer.WriteStartObject(Key);
                foreach (var part in extension.Value.EnumerateObject().Where(p => p.Name != "info"))
                    part.WriteTo(writer);
                writer.WriteStartObject("info");
                if (extension.Value.TryGetProperty("info", out var info) && info.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in info.EnumerateObject().Where(f => f.Name != "id"))
                        field.WriteTo(writer);
                }

                writer.WriteString("id", id);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }), "extensions");
    }

    /// <summary>The id a payment's <paramref name="extensions"/> carry.</summary>
    /// <param name="extensions">The payment's extensions.</param>
    /// <returns>The id, or <see langword="null"/> when the payment carries none.</returns>
    /// <exception cref="PaymentProtocolException">When an id is present but not a string of 16–128 allowed characters.</exception>
    public static string? Read(JsonElement? extensions)
    {
        if (extensions is not { ValueKind: JsonValueKind.Object } all || !all.TryGetProperty(Key, out var declared) ||
            declared.ValueKind != JsonValueKind.Object || !declared.TryGetProperty("info", out var info) || info.ValueKind != JsonValueKind.Object ||
            !info.TryGetProperty("id", out var id))
            return null;
        return id.ValueKind == JsonValueKind.String && IsValid(id.GetString())
            ? id.GetString()
            : throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter,
                $"extensions.{Key}.info.id must be {MinLength}–{MaxLength} characters of letters, digits, '_' and '-'.", Key);
    }
}
