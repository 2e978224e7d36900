using System.Numerics;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Evm;

/// <summary>
/// <c>type="authorization"</c>: an EIP-3009 <c>transferWithAuthorization</c> signed by the payer; the
/// server submits it and pays gas. <see cref="Nonce"/> must equal <see cref="EvmChallengeHash"/> of the
/// challenge.
/// </summary>
/// <param name="From">The payer.</param>
/// <param name="To">The recipient; must equal the request's recipient.</param>
/// <param name="Value">Base units; must equal the request's amount.</param>
/// <param name="ValidAfter">Unix seconds before which the authorization is invalid (usually 0).</param>
/// <param name="ValidBefore">Unix seconds from which the authorization is invalid.</param>
/// <param name="Nonce">The challenge hash.</param>
/// <param name="Signature">The EIP-712 signature (65 bytes for an EOA; longer for contract wallets).</param>
public sealed record EvmAuthorizationPayload(
    EvmAddress From,
    EvmAddress To,
    BigInteger Value,
    BigInteger ValidAfter,
    BigInteger ValidBefore,
    Bytes32 Nonce,
    string Signature) : EvmChargePayload
{
    /// <inheritdoc />
    public override string Type => EvmCredentialTypes.Authorization;

    /// <summary>A log-safe summary: the signed authorization is a bearer instrument until it is used.</summary>
    /// <returns>Type, parties and value; never the signature.</returns>
    public override string ToString() => $"{Type} payload: {Value} from {From} to {To}";

    internal static EvmAuthorizationPayload Read(JsonElement payload)
    {
        var signature = JsonRead.RequiredSignature(payload);
        return new EvmAuthorizationPayload(
            EvmAddress.Parse(JsonRead.RequiredString(payload, "from"), "from"),
            EvmAddress.Parse(JsonRead.RequiredString(payload, "to"), "to"),
            JsonRead.RequiredUInt256(payload, "value"),
            JsonRead.RequiredUInt256(payload, "validAfter"),
            JsonRead.RequiredUInt256(payload, "validBefore"),
            Bytes32.Parse(JsonRead.RequiredString(payload, "nonce"), "nonce"),
            signature);
    }

    /// <inheritdoc />
    protected override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        writer.WriteString("from", From.ToString());
        writer.WriteString("to", To.ToString());
        writer.WriteString("value", UInt256Text.Format(Value));
        writer.WriteString("validAfter", UInt256Text.Format(ValidAfter));
        writer.WriteString("validBefore", UInt256Text.Format(ValidBefore));
        writer.WriteString("nonce", Nonce.ToString());
        writer.WriteString("signature", Signature);
        writer.WriteEndObject();
    }
}
