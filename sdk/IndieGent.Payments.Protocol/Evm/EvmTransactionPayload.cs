using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Evm;

/// <summary><c>type="transaction"</c>: a signed EIP-1559 ERC-20 <c>transfer</c>, RLP-encoded, that the server broadcasts.</summary>
/// <param name="Signature">The <c>0x</c>-prefixed raw signed transaction (the draft names this member <c>signature</c>).</param>
public sealed record EvmTransactionPayload(string Signature) : EvmChargePayload
{
    /// <inheritdoc />
    public override string Type => EvmCredentialTypes.Transaction;

    /// <summary>The raw transaction bytes.</summary>
    /// <returns>The decoded bytes.</returns>
    public byte[] GetRawTransaction() => Hex.Decode(Signature);

    /// <summary>A log-safe summary: never the signed transaction.</summary>
    /// <returns>The type only.</returns>
    public override string ToString() => $"{Type} payload";

    internal static EvmTransactionPayload Read(JsonElement payload)
    {
        var signature = JsonRead.RequiredString(payload, "signature");
        if (!Hex.TryDecode(signature, out var bytes) || bytes.Length == 0)
            throw JsonRead.Invalid("signature", "must be 0x-prefixed hex of the signed transaction");
        return new EvmTransactionPayload(signature);
    }

    /// <inheritdoc />
    protected override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        writer.WriteString("signature", Signature);
        writer.WriteEndObject();
    }
}
