namespace IndieGent.Payments.Protocol.Mpp;

/// <summary>RFC 9457 problem <c>type</c> URIs defined by the Payment scheme.</summary>
public static class PaymentProblemTypes
{
    private const string Base = "https://paymentauth.org/problems/";

    /// <summary>402: the resource requires payment.</summary>
    public const string PaymentRequired = Base + "payment-required";

    /// <summary>402: the amount paid is too low.</summary>
    public const string PaymentInsufficient = Base + "payment-insufficient";

    /// <summary>402: the challenge or authorization expired.</summary>
    public const string PaymentExpired = Base + "payment-expired";

    /// <summary>402: the proof is invalid.</summary>
    public const string VerificationFailed = Base + "verification-failed";

    /// <summary>400: the method is not accepted.</summary>
    public const string MethodUnsupported = Base + "method-unsupported";

    /// <summary>402: the credential is not valid base64url JSON of the right shape.</summary>
    public const string MalformedCredential = Base + "malformed-credential";

    /// <summary>402: the challenge id is unknown, expired or already used.</summary>
    public const string InvalidChallenge = Base + "invalid-challenge";
}
