namespace IndieGent.Contracts.Payments;

/// <summary>The <see cref="PaymentTerms.Protocol"/> of a payment answered with a credential (a marketplace call says <c>marketplace</c>).</summary>
public static class PaymentProtocols
{
    /// <summary>MPP: the challenge is the <c>Payment …</c> auth-param list; the credential goes in <c>Authorization</c>.</summary>
    public const string Mpp = "mpp";

    /// <summary>The older IndieGent dialect: a transfer's hash in <c>Authorization</c>.</summary>
    public const string Dialect = "mpp-dialect";

    /// <summary>x402 v2: the challenge is a <c>PAYMENT-REQUIRED</c> value with only the chosen entry; the credential goes in <c>PAYMENT-SIGNATURE</c>.</summary>
    public const string X402 = "x402";
}
