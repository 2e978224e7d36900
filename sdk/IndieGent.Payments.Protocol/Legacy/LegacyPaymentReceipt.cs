using System.Text;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Http;

namespace IndieGent.Payments.Protocol.Legacy;

/// <summary>The dialect's receipt: <c>Payment-Receipt: status="success", txHash="0x…"</c> (a bare auth-param list).</summary>
/// <param name="Status">The status; <c>success</c> on a paid response.</param>
/// <param name="TransactionHash">The settled transfer.</param>
public sealed record LegacyPaymentReceipt(string Status, Bytes32 TransactionHash)
{
    /// <summary>Parses the field value.</summary>
    /// <param name="headerValue">The field value.</param>
    /// <returns>The receipt.</returns>
    /// <exception cref="PaymentProtocolException">When <c>status</c> or <c>txHash</c> is missing or invalid.</exception>
    public static LegacyPaymentReceipt Parse(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        var parameters = AuthHeaderParser.ParseParameterList(headerValue);
        if (parameters.FindDuplicateParameter() is { } duplicate)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.DuplicateParameter, $"The parameter '{duplicate}' occurs more than once.", duplicate);
        return new LegacyPaymentReceipt(
            LegacyParameters.Required(parameters, "status"),
            Bytes32.Parse(LegacyParameters.Required(parameters, "txHash"), "txHash"));
    }

    /// <summary>The field value.</summary>
    /// <returns><c>status="…", txHash="0x…"</c>.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.UnsafeHeaderValue"/> for control characters.</exception>
    public string Format()
    {
        var builder = new StringBuilder();
        AuthHeaderFormatter.AppendParameter(builder, "status", Status);
        AuthHeaderFormatter.AppendParameter(builder, "txHash", TransactionHash.ToString());
        return builder.ToString();
    }
}
