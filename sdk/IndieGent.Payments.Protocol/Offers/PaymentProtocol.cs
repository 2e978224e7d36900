namespace IndieGent.Payments.Protocol.Offers;

/// <summary>The wire protocol an offer arrived in, and therefore how the retry must be formatted.</summary>
public enum PaymentProtocol
{
    /// <summary>MPP: <c>WWW-Authenticate: Payment</c> with <c>id</c> and <c>request</c>.</summary>
    Mpp = 1,

    /// <summary>The older IndieGent dialect of the Payment scheme (<c>type</c>, no <c>request</c>).</summary>
    IndieGentLegacy = 2,

    /// <summary>x402 version 2 (<c>PAYMENT-REQUIRED</c> header).</summary>
    X402V2 = 3,

    /// <summary>x402 version 1 (JSON 402 body, <c>X-PAYMENT</c>).</summary>
    X402V1 = 4,
}
