using System.Numerics;
using System.Text.Json;

namespace IndieGent.Payments.Protocol.Codecs;

/// <summary>Typed member access that reports every shape problem as a <see cref="PaymentProtocolException"/>.</summary>
internal static class JsonRead
{
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value))
            return true;
        value = default;
        return false;
    }

    public static string RequiredString(JsonElement obj, string name) =>
        OptionalString(obj, name) ?? throw Missing(name);

    public static string? OptionalString(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value))
            return null;
        return value.ValueKind == JsonValueKind.String ? StringValue(value, name) : throw Invalid(name, "must be a string");
    }

    public static string StringValue(JsonElement value, string name)
    {
        if (value.ValueKind != JsonValueKind.String)
            throw Invalid(name, "must be a string");
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON syntax but not a string we can carry.
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidJson, $"The member '{name}' holds an invalid string.", name, ex);
        }
    }

    public static string StringValueOfName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException ex)
        {
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidJson, "A member name is an invalid string.", null, ex);
        }
    }

    public static JsonElement RequiredObject(JsonElement obj, string name) =>
        OptionalObject(obj, name) ?? throw Missing(name);

    public static JsonElement? OptionalObject(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value))
            return null;
        return value.ValueKind == JsonValueKind.Object ? value : throw Invalid(name, "must be an object");
    }

    public static JsonElement? OptionalArray(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value))
            return null;
        return value.ValueKind == JsonValueKind.Array ? value : throw Invalid(name, "must be an array");
    }

    public static long RequiredInt64(JsonElement obj, string name, long min, long max) =>
        OptionalInt64(obj, name, min, max) ?? throw Missing(name);

    public static long? OptionalInt64(JsonElement obj, string name, long min, long max)
    {
        if (!TryGet(obj, name, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < min || number > max)
            throw Invalid(name, "must be an integer in range");
        return number;
    }

    public static bool RequiredBoolean(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value))
            throw Missing(name);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(name, "must be a boolean"),
        };
    }

    public static BigInteger RequiredUInt256(JsonElement obj, string name) =>
        UInt256Text.Parse(RequiredString(obj, name), name);

    /// <summary>A payload's <c>signature</c>: non-empty 0x-prefixed hex.</summary>
    public static string RequiredSignature(JsonElement payload)
    {
        var signature = RequiredString(payload, "signature");
        return Hex.TryDecode(signature, out var bytes) && bytes.Length > 0 ? signature : throw Invalid("signature", "must be 0x-prefixed hex");
    }

    public static PaymentProtocolException Missing(string name) =>
        new(PaymentProtocolErrorCode.MissingParameter, $"The member '{name}' is required.", name);

    public static PaymentProtocolException Invalid(string name, string why) =>
        new(PaymentProtocolErrorCode.InvalidParameter, $"The member '{name}' {why}.", name);
}
