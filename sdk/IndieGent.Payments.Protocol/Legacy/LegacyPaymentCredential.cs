using System.Text;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Http;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Legacy;

/// <summary>
/// The dialect's retry: <c>Authorization: Payment credential="0x&lt;txHash&gt;", chain="base", currency="USDC"</c>.
/// </summary>
/// <param name="TransactionHash">The hash of the transfer the payer broadcast.</param>
/// <param name="Chain">The network name from the challenge.</param>
/// <param name="Currency">The token symbol from the challenge.</param>
public sealed record LegacyPaymentCredential(Bytes32 TransactionHash, string Chain, string Currency)
{
    /// <summary>Answers a dialect challenge with a transaction hash.</summary>
    /// <param name="challenge">The challenge paid.</param>
    /// <param name="transactionHash">The transfer's hash.</param>
    /// <returns>The credential.</returns>
    public static LegacyPaymentCredential For(LegacyPaymentChallenge challenge, Bytes32 transactionHash)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return new LegacyPaymentCredential(transactionHash, challenge.Chain, challenge.Currency);
    }

    /// <summary>Parses an <c>Authorization</c> field value in the dialect.</summary>
    /// <param name="headerValue">The field value.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="PaymentProtocolException">When the value is not exactly one dialect credential.</exception>
    public static LegacyPaymentCredential Parse(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        AuthChallenge? found = null;
        foreach (var credentials in AuthHeaderParser.Parse(headerValue))
        {
            if (!credentials.HasScheme(PaymentHeaderNames.Scheme))
                continue;
            if (found is not null)
                throw new PaymentProtocolException(PaymentProtocolErrorCode.MultipleCredentials, "Exactly one Payment credential is allowed.");
            found = credentials;
        }

        if (found is null)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.SchemeNotFound, "The header holds no Payment credential.");
        if (found.FindDuplicateParameter() is { } duplicate)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.DuplicateParameter, $"The parameter '{duplicate}' occurs more than once.", duplicate);
        return new LegacyPaymentCredential(
            Bytes32.Parse(LegacyParameters.Required(found, "credential"), "credential"),
            LegacyParameters.Required(found, "chain"),
            LegacyParameters.Required(found, "currency"));
    }

    /// <summary>The <c>Authorization</c> field value.</summary>
    /// <returns><c>Payment credential="0x…", chain="…", currency="…"</c>.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.UnsafeHeaderValue"/> for control characters.</exception>
    public string Format()
    {
        var builder = new StringBuilder(PaymentHeaderNames.Scheme).Append(' ');
        AuthHeaderFormatter.AppendParameter(builder, "credential", TransactionHash.ToString());
        AuthHeaderFormatter.AppendParameter(builder, "chain", Chain);
        AuthHeaderFormatter.AppendParameter(builder, "currency", Currency);
        return builder.ToString();
    }

    /// <summary>A log-safe summary.</summary>
    /// <returns>The chain and currency only.</returns>
    public override string ToString() => $"Payment credential (IndieGent dialect, {Chain}/{Currency})";
}
