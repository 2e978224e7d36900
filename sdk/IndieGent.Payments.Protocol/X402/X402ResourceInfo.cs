using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.X402;

/// <summary>The v2 <c>ResourceInfo</c>: the protected resource.</summary>
/// <param name="Url">The resource URL.</param>
/// <param name="Description">Display text.</param>
/// <param name="MimeType">The MIME type of the paid response.</param>
public sealed record X402ResourceInfo(string Url, string? Description = null, string? MimeType = null)
{
    internal static X402ResourceInfo Read(JsonElement element) => new(
        JsonRead.RequiredString(element, "url"),
        JsonRead.OptionalString(element, "description"),
        JsonRead.OptionalString(element, "mimeType"));

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("url", Url);
        if (Description is not null)
            writer.WriteString("description", Description);
        if (MimeType is not null)
            writer.WriteString("mimeType", MimeType);
        writer.WriteEndObject();
    }
}
