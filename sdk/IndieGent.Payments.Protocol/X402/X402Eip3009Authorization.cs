using System.Numerics;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Evm;

namespace IndieGent.Payments.Protocol.X402;

/// <summary>The EIP-3009 parameters of an x402 <c>exact</c> EVM payload. Unlike MPP, the nonce is 32 random bytes.</summary>
/// <param name="From">The payer.</param>
/// <param name="To">The recipient (<c>payTo</c>).</param>
/// <param name="Value">Atomic units.</param>
/// <param name="ValidAfter">Unix seconds.</param>
/// <param name="ValidBefore">Unix seconds.</param>
/// <param name="Nonce">32 random bytes.</param>
public sealed record X402Eip3009Authorization(EvmAddress From, EvmAddress To, BigInteger Value, BigInteger ValidAfter, BigInteger ValidBefore, Bytes32 Nonce)
{
    internal static X402Eip3009Authorization Read(JsonElement element) => new(
        EvmAddress.Parse(JsonRead.RequiredString(element, "from"), "from"),
        EvmAddress.Parse(JsonRead.RequiredString(element, "to"), "to"),
        JsonRead.RequiredUInt256(element, "value"),
        JsonRead.RequiredUInt256(element, "validAfter"),
        JsonRead.RequiredUInt256(element, "validBefore"),
        Bytes32.Parse(JsonRead.RequiredString(element, "nonce"), "nonce"));

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("from", From.ToString());
        writer.WriteString("to", To.ToString());
        writer.WriteString("value", UInt256Text.Format(Value));
        writer.WriteString("validAfter", UInt256Text.Format(ValidAfter));
        writer.WriteString("validBefore", UInt256Text.Format(ValidBefore));
        writer.WriteString("nonce", Nonce.ToString());
        writer.WriteEndObject();
    }
}
