using System.Globalization;
using System.Numerics;
using System.Text;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Http;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Legacy;

/// <summary>
/// The older IndieGent dialect of the Payment scheme:
/// <c>WWW-Authenticate: Payment type="exact", chain="base", currency="USDC", amount="10000", address="0x…", maxAge=300</c>.
/// It has no <c>id</c> and no <c>request</c>; it maps onto an evm charge paid with a <c>hash</c>
/// credential and is answered in the same dialect (<see cref="LegacyPaymentCredential"/>).
/// </summary>
/// <param name="Type">The payment type; only <c>exact</c> is defined.</param>
/// <param name="Chain">The network name, resolved through <see cref="EvmNetworkDirectory"/>.</param>
/// <param name="Currency">The token symbol, resolved through <see cref="EvmNetworkDirectory"/>.</param>
/// <param name="Amount">Base units.</param>
/// <param name="Address">The recipient.</param>
/// <param name="MaxAgeSeconds">How long, from receipt of the 402, the challenge may be paid.</param>
public sealed record LegacyPaymentChallenge(string Type, string Chain, string Currency, BigInteger Amount, EvmAddress Address, int? MaxAgeSeconds = null)
{
    /// <summary>The only <c>type</c> the dialect defines.</summary>
    public const string ExactType = "exact";

    /// <summary>Parses the first Payment challenge of a header value as the dialect.</summary>
    /// <param name="headerValue">A <c>WWW-Authenticate</c> field value.</param>
    /// <returns>The challenge.</returns>
    /// <exception cref="PaymentProtocolException">When there is no Payment challenge or it is not a valid dialect challenge.</exception>
    public static LegacyPaymentChallenge Parse(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        foreach (var challenge in AuthHeaderParser.Parse(headerValue))
        {
            if (challenge.HasScheme(PaymentHeaderNames.Scheme))
                return FromAuthChallenge(challenge);
        }

        throw new PaymentProtocolException(PaymentProtocolErrorCode.SchemeNotFound, "The header holds no Payment challenge.");
    }

    /// <summary>Validates a tokenized dialect challenge.</summary>
    /// <param name="challenge">A Payment challenge for which <see cref="PaymentChallenge.IsLegacyDialect"/> holds.</param>
    /// <returns>The challenge.</returns>
    /// <exception cref="PaymentProtocolException">When a parameter is missing, duplicated or invalid.</exception>
    public static LegacyPaymentChallenge FromAuthChallenge(AuthChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (!challenge.HasScheme(PaymentHeaderNames.Scheme))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.SchemeNotFound, "The challenge does not use the Payment scheme.");
        if (challenge.Token68 is not null)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.MalformedHeader, "A Payment challenge carries auth-params, not token68.");
        if (challenge.FindDuplicateParameter() is { } duplicate)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.DuplicateParameter, $"The parameter '{duplicate}' occurs more than once.", duplicate);

        var type = LegacyParameters.Required(challenge, "type");
        if (!string.Equals(type, ExactType, StringComparison.OrdinalIgnoreCase))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, "Only type=\"exact\" is defined.", "type");
        var chain = LegacyParameters.Required(challenge, "chain");
        var currency = LegacyParameters.Required(challenge, "currency");
        var amount = UInt256Text.Parse(LegacyParameters.Required(challenge, "amount"), "amount");
        var address = EvmAddress.Parse(LegacyParameters.Required(challenge, "address"), "address");
        int? maxAge = null;
        if (LegacyParameters.Optional(challenge, "maxAge") is { } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, "maxAge must be a positive number of seconds.", "maxAge");
            maxAge = seconds;
        }

        return new LegacyPaymentChallenge(type, chain, currency, amount, address, maxAge);
    }

    /// <summary>
    /// Maps the challenge onto an evm charge request (credential type <c>hash</c>), when the chain name
    /// and the token symbol on that chain are configured.
    /// </summary>
    /// <param name="directory">Chain names and token addresses.</param>
    /// <param name="request">The equivalent evm charge request.</param>
    /// <returns><see langword="false"/> when the chain or currency is unknown; the challenge must then not be paid.</returns>
    public bool TryMapToEvmCharge(EvmNetworkDirectory directory, out EvmChargeRequest? request)
    {
        ArgumentNullException.ThrowIfNull(directory);
        request = null;
        if (!directory.TryGetChainId(Chain, out var chainId) || !directory.TryGetToken(chainId, Currency, out var token))
            return false;
        request = new EvmChargeRequest(Amount, token, Address, new EvmMethodDetails(chainId, [EvmCredentialTypes.Hash]));
        return true;
    }

    /// <summary>The challenge as a <c>WWW-Authenticate</c> field value (servers that still speak the dialect).</summary>
    /// <returns>The field value.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.UnsafeHeaderValue"/> for control characters.</exception>
    public string Format()
    {
        var builder = new StringBuilder(PaymentHeaderNames.Scheme).Append(' ');
        AuthHeaderFormatter.AppendParameter(builder, "type", Type);
        AuthHeaderFormatter.AppendParameter(builder, "chain", Chain);
        AuthHeaderFormatter.AppendParameter(builder, "currency", Currency);
        AuthHeaderFormatter.AppendParameter(builder, "amount", UInt256Text.Format(Amount));
        AuthHeaderFormatter.AppendParameter(builder, "address", Address.ToString());
        if (MaxAgeSeconds is { } maxAge)
            builder.Append(", maxAge=").Append(maxAge.ToString(CultureInfo.InvariantCulture));
        return builder.ToString();
    }
}
