using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Evm;

/// <summary>
/// <c>type="hash"</c>: the payer broadcast the transfer; the server checks the receipt's <c>Transfer</c>
/// log and that the hash was never accepted before. The weakest binding.
/// </summary>
/// <param name="Hash">The transaction hash.</param>
public sealed record EvmHashPayload(Bytes32 Hash) : EvmChargePayload
{
    /// <inheritdoc />
    public override string Type => EvmCredentialTypes.Hash;

    internal static EvmHashPayload Read(JsonElement payload) =>
        new(Bytes32.Parse(JsonRead.RequiredString(payload, "hash"), "hash"));

    /// <inheritdoc />
    protected override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        writer.WriteString("hash", Hash.ToString());
        writer.WriteEndObject();
    }
}
