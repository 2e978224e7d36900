using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.X402;

/// <summary>
/// <c>PAYMENT-RESPONSE</c> (v2) / <c>X-PAYMENT-RESPONSE</c> (v1): padded base64 JSON
/// <c>{success, transaction, network, payer?, errorReason?, amount?}</c>.
/// </summary>
/// <param name="Success">Whether settlement succeeded.</param>
/// <param name="Transaction">The transaction hash; empty when settlement failed.</param>
/// <param name="Network">The network (CAIP-2 in v2).</param>
/// <param name="Payer">The payer address.</param>
/// <param name="ErrorReason">Why settlement failed.</param>
/// <param name="Amount">The amount actually settled, when reported.</param>
public sealed record X402SettleResponse(bool Success, string Transaction, string Network, string? Payer = null, string? ErrorReason = null, string? Amount = null)
{
    /// <summary>Parses the field value.</summary>
    /// <param name="headerValue">Padded standard base64 JSON.</param>
    /// <returns>The response.</returns>
    /// <exception cref="PaymentProtocolException">When the value is not a valid settlement response.</exception>
    public static X402SettleResponse Parse(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        var root = JsonInput.ParseBase64Object(headerValue.Trim(' ', '\t'), "PAYMENT-RESPONSE");
        var amount = JsonRead.OptionalString(root, "amount");
        if (amount is not null)
            UInt256Text.Parse(amount, "amount");
        return new X402SettleResponse(
            JsonRead.RequiredBoolean(root, "success"),
            JsonRead.RequiredString(root, "transaction"),
            JsonRead.RequiredString(root, "network"),
            JsonRead.OptionalString(root, "payer"),
            JsonRead.OptionalString(root, "errorReason"),
            amount);
    }

    /// <summary>The field value.</summary>
    /// <returns>Padded standard base64 JSON.</returns>
    public string Format() => StandardBase64.Encode(PaymentJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteBoolean("success", Success);
        if (ErrorReason is not null)
            writer.WriteString("errorReason", ErrorReason);
        writer.WriteString("transaction", Transaction);
        writer.WriteString("network", Network);
        if (Payer is not null)
            writer.WriteString("payer", Payer);
        if (Amount is not null)
            writer.WriteString("amount", Amount);
        writer.WriteEndObject();
    }));
}
