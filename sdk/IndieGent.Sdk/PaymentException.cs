namespace IndieGent.Sdk;

/// <summary>
/// A 402 that the SDK would not or could not pay. The request was not retried and nothing was paid,
/// unless <see cref="PaymentId"/> names a platform payment that was decided against.
/// </summary>
public sealed class PaymentException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">A stable, machine-readable reason (see <see cref="PaymentFailureReasons"/>).</param>
    /// <param name="message">What happened, for humans.</param>
    /// <param name="problemType">The RFC 9457 problem type the platform answered with, if any.</param>
    /// <param name="paymentId">The platform's payment id, if one was created.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PaymentException(string reason, string message, string? problemType = null, Guid? paymentId = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        ProblemType = problemType;
        PaymentId = paymentId;
    }

    /// <summary>A stable, machine-readable reason (see <see cref="PaymentFailureReasons"/>; the platform's own reasons pass through).</summary>
    public string Reason { get; }

    /// <summary>The RFC 9457 problem type the platform answered with, if any.</summary>
    public string? ProblemType { get; }

    /// <summary>The platform's payment id, if one was created.</summary>
    public Guid? PaymentId { get; }
}

/// <summary>The SDK's own <see cref="PaymentException.Reason"/> values.</summary>
public static class PaymentFailureReasons
{
    /// <summary>Every payable offer costs more than the caller's maximum.</summary>
    public const string PriceAboveMaximum = "PriceAboveMaximum";

    /// <summary>No offer is for a chain, token, protocol or credential type the payer has.</summary>
    public const string NoPayableOffer = "NoPayableOffer";

    /// <summary>Every offer has expired (or expires too soon to pay).</summary>
    public const string ChallengeExpired = "ChallengeExpired";

    /// <summary>The 402's challenges could not be read.</summary>
    public const string InvalidChallenge = "InvalidChallenge";

    /// <summary>The request body is a stream larger than the replay buffer: it cannot be sent twice.</summary>
    public const string BodyNotReplayable = "BodyNotReplayable";

    /// <summary>The platform did not decide within the wait.</summary>
    public const string Pending = "Pending";

    /// <summary>The payment could not be made on chain.</summary>
    public const string SettlementFailed = "SettlementFailed";
}
