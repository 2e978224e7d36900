namespace IndieGent.Payments.Protocol.Mpp;

/// <summary>Field names and the scheme name of the "Payment" HTTP authentication scheme.</summary>
public static class PaymentHeaderNames
{
    /// <summary>The authentication scheme, matched case-insensitively.</summary>
    public const string Scheme = "Payment";

    /// <summary>The challenge field.</summary>
    public const string WwwAuthenticate = "WWW-Authenticate";

    /// <summary>The credential field (the default; a challenge may name another with its <c>header</c> parameter).</summary>
    public const string Authorization = "Authorization";

    /// <summary>
    /// The one other field a challenge may ask the credential to travel in (its <c>header</c> parameter), for APIs
    /// whose <c>Authorization</c> already carries the caller's bearer key.
    /// </summary>
    public const string PaymentAuthorization = "Payment-Authorization";

    /// <summary>The receipt field, sent only on 2xx responses.</summary>
    public const string PaymentReceipt = "Payment-Receipt";

    /// <summary>The client's method/intent preferences.</summary>
    public const string AcceptPayment = "Accept-Payment";
}
