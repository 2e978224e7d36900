using System.Globalization;
using System.Numerics;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.X402;

/// <summary>
/// The <c>payload</c> of an x402 EVM payment through Permit2 (the <c>upto</c> scheme, and <c>exact</c> with
/// <c>assetTransferMethod: "permit2"</c>): <c>{signature, permit2Authorization: {permitted: {token, amount}, from, spender,
/// nonce, deadline, witness: {to, facilitator?, validAfter}}}</c>. The spender is the scheme's proxy contract, which moves
/// the tokens with Permit2; for <c>upto</c> the witness names the facilitator, the only account that may settle it, and
/// <c>permitted.amount</c> is the most it may settle.
/// </summary>
/// <param name="Signature">The EIP-712 signature, <c>0x</c>-hex.</param>
/// <param name="Token">The token permitted.</param>
/// <param name="Amount">The most that may be moved.</param>
/// <param name="From">The payer (the permit's owner).</param>
/// <param name="Spender">The proxy contract the permit is for.</param>
/// <param name="Nonce">The Permit2 unordered nonce.</param>
/// <param name="Deadline">Unix seconds after which the permit is void.</param>
/// <param name="To">The recipient (witness).</param>
/// <param name="Facilitator">The settling account (witness; <c>upto</c> only).</param>
/// <param name="ValidAfter">Unix seconds before which it may not be settled (witness).</param>
public sealed record X402Permit2Payload(
    string Signature,
    EvmAddress Token,
    BigInteger Amount,
    EvmAddress From,
    EvmAddress Spender,
    BigInteger Nonce,
    BigInteger Deadline,
    EvmAddress To,
    EvmAddress? Facilitator,
    BigInteger ValidAfter)
{
    /// <summary>A log-safe summary: never the signature.</summary>
    /// <returns>Amount and parties.</returns>
    public override string ToString() => $"x402 permit2 payload: up to {Amount} from {From} to {To}";

    /// <summary>Reads the payload.</summary>
    /// <param name="payload">The <c>payload</c> object.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="PaymentProtocolException">When the JSON repeats a member name or escapes a lone surrogate, or a member is missing or invalid.</exception>
    public static X402Permit2Payload Parse(JsonElement payload)
    {
        payload = JsonInput.ReparsePayload(payload);
        var signature = JsonRead.RequiredSignature(payload);
        var permit = JsonRead.RequiredObject(payload, "permit2Authorization");
        var permitted = JsonRead.RequiredObject(permit, "permitted");
        var witness = JsonRead.RequiredObject(permit, "witness");
        return new X402Permit2Payload(
            signature,
            EvmAddress.Parse(JsonRead.RequiredString(permitted, "token"), "token"),
            Integer(permitted, "amount"),
            EvmAddress.Parse(JsonRead.RequiredString(permit, "from"), "from"),
            EvmAddress.Parse(JsonRead.RequiredString(permit, "spender"), "spender"),
            Integer(permit, "nonce"),
            Integer(permit, "deadline"),
            EvmAddress.Parse(JsonRead.RequiredString(witness, "to"), "to"),
            JsonRead.OptionalString(witness, "facilitator") is { } facilitator ? EvmAddress.Parse(facilitator, "facilitator") : null,
            Integer(witness, "validAfter"));
    }

    /// <summary>The payload object (integers as decimal strings, as the reference client writes them).</summary>
    /// <returns>A standalone JSON element.</returns>
    public JsonElement ToJsonElement() => JsonInput.Parse(PaymentJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("signature", Signature);
        writer.WriteStartObject("permit2Authorization");
        writer.WriteStartObject("permitted");
        writer.WriteString("token", Token.ToString());
        writer.WriteString("amount", UInt256Text.Format(Amount));
        writer.WriteEndObject();
        writer.WriteString("from", From.ToString());
        writer.WriteString("spender", Spender.ToString());
        writer.WriteString("nonce", UInt256Text.Format(Nonce));
        writer.WriteString("deadline", UInt256Text.Format(Deadline));
        writer.WriteStartObject("witness");
        writer.WriteString("to", To.ToString());
        if (Facilitator is { } facilitator)
            writer.WriteString("facilitator", facilitator.ToString());
        writer.WriteString("validAfter", UInt256Text.Format(ValidAfter));
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }), "payload");

    // A uint256 as a decimal string (the reference client's form) or 0x-hex (the spec's examples).
    private static BigInteger Integer(JsonElement owner, string name)
    {
        var text = JsonRead.RequiredString(owner, name);
        if (!text.StartsWith("0x", StringComparison.Ordinal))
            return UInt256Text.Parse(text, name);
        var digits = text.AsSpan(2);
        if (digits.Length is 0 or > 64 || !BigInteger.TryParse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            throw JsonRead.Invalid(name, "must be a uint256 in decimal or 0x-hex");
        return value;
    }
}
