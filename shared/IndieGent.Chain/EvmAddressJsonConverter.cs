using System.Text.Json;
using System.Text.Json.Serialization;

namespace IndieGent.Chain;

/// <summary>Reads an address from a JSON string with <see cref="EvmAddress.Parse(string)"/>; writes the EIP-55 form.</summary>
internal sealed class EvmAddressJsonConverter : JsonConverter<EvmAddress>
{
    public override EvmAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("An EVM address must be a JSON string.");
        }

        try
        {
            return EvmAddress.Parse(reader.GetString()!);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, EvmAddress value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToChecksumHex());
}
