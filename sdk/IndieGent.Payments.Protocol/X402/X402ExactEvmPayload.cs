using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.X402;

/// <summary>The <c>payload</c> of an <c>exact</c> EVM payment (EIP-3009 asset transfer method): <c>{signature, authorization}</c>.</summary>
/// <param name="Signature">The 65-byte EIP-712 signature, <c>0x</c>-hex.</param>
/// <param name="Authorization">The signed parameters.</param>
public sealed record X402ExactEvmPayload(string Signature, X402Eip3009Authorization Authorization)
{
    /// <summary>A log-safe summary: the signed authorization is a bearer instrument until it is used.</summary>
    /// <returns>Value and parties; never the signature.</returns>
    public override string ToString() => $"x402 exact payload: {Authorization.Value} from {Authorization.From} to {Authorization.To}";

    /// <summary>Reads the payload.</summary>
    /// <param name="payload">The <c>payload</c> object; held to the same rules as the wire form (no repeated member name, no escaped lone surrogate).</param>
    /// <returns>The payload.</returns>
    /// <exception cref="PaymentProtocolException">When the JSON repeats a member name or escapes a lone surrogate, or a member is missing or invalid.</exception>
    public static X402ExactEvmPayload Parse(JsonElement payload)
    {
        payload = JsonInput.ReparsePayload(payload);
        var signature = JsonRead.RequiredSignature(payload);
        return new X402ExactEvmPayload(signature, X402Eip3009Authorization.Read(JsonRead.RequiredObject(payload, "authorization")));
    }

    /// <summary>The payload object.</summary>
    /// <returns>A standalone JSON element.</returns>
    public JsonElement ToJsonElement() => JsonInput.Parse(PaymentJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("signature", Signature);
        writer.WritePropertyName("authorization");
        Authorization.WriteTo(writer);
        writer.WriteEndObject();
    }), "payload");
}
