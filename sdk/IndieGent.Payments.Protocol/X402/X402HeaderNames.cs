namespace IndieGent.Payments.Protocol.X402;

/// <summary>x402 HTTP transport fields (coinbase/x402 specs/transports-v2/http.md and transports-v1/http.md).</summary>
public static class X402HeaderNames
{
    /// <summary>v2, server → client on 402: base64 <c>PaymentRequired</c>.</summary>
    public const string PaymentRequired = "PAYMENT-REQUIRED";

    /// <summary>v2, client → server: base64 <c>PaymentPayload</c>.</summary>
    public const string PaymentSignature = "PAYMENT-SIGNATURE";

    /// <summary>v2, server → client: base64 <c>SettlementResponse</c>.</summary>
    public const string PaymentResponse = "PAYMENT-RESPONSE";

    /// <summary>v1, client → server: base64 <c>PaymentPayload</c>.</summary>
    public const string V1Payment = "X-PAYMENT";

    /// <summary>v1, server → client: base64 <c>SettlementResponse</c>.</summary>
    public const string V1PaymentResponse = "X-PAYMENT-RESPONSE";
}
