namespace IndieGent.Onramp.Simulator.Purchases;

/// <summary>The <c>failureReason</c> values of the webhook payload.</summary>
public static class FailureReason
{
    /// <summary>The value carried by a transaction that has not failed.</summary>
    public const string Unspecified = "FAILURE_REASON_UNSPECIFIED";

    /// <summary>The purchase itself failed (the card was declined): nothing was sent.</summary>
    public const string BuyFailed = "FAILURE_REASON_BUY_FAILED";

    /// <summary>The purchase went through but sending the crypto failed.</summary>
    public const string SendFailed = "FAILURE_REASON_SEND_FAILED";
}
