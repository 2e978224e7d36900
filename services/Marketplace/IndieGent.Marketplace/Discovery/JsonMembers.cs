using System.Text.Json;

namespace IndieGent.Marketplace.Discovery;

/// <summary>Typed reads of an object's members that log a precise error instead of throwing.</summary>
internal static class JsonMembers
{
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>An optional string member: absent gives null; present and not a string is an error.</summary>
    public static string? OptionalString(JsonElement owner, string name, string ownerPointer, IssueLog log)
    {
        if (!owner.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        log.Error(JsonPointer.Append(ownerPointer, name), $"'{name}' must be a string, not {Describe(value)}.");
        return null;
    }

    /// <summary>A required, non-blank string member.</summary>
    public static string? RequiredString(JsonElement owner, string name, string ownerPointer, IssueLog log, string why)
    {
        var pointer = JsonPointer.Append(ownerPointer, name);
        if (!owner.TryGetProperty(name, out var value))
        {
            log.Error(pointer, $"'{name}' is missing: {why}");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            log.Error(pointer, $"'{name}' must be a string, not {Describe(value)}{YamlHint(value)}.");
            return null;
        }
        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            log.Error(pointer, $"'{name}' must not be empty: {why}");
            return null;
        }
        return text;
    }

    /// <summary>YAML reads an unquoted <c>1.0</c> or <c>500</c> as a number; say how to keep it a string.</summary>
    public static string YamlHint(JsonElement value) =>
        value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? " (in YAML, quote it)" : "";
}
