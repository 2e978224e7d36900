namespace IndieGent.Sdk.Marketplace;

/// <summary>
/// A proxied call that was made but failed on the provider's side (a server error, a timeout, an
/// unreachable provider — per the service's failure policy), so its price was released
/// (<c>IndieGent-Charge-Status: voided</c>): the wallet is as it was. The provider's (or the gateway's)
/// answer is still readable in <see cref="Response"/>; dispose it when done.
/// </summary>
public sealed class MarketplaceCallRefundedException : MarketplaceCallException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="response">The answer (owned by the exception's catcher).</param>
    /// <param name="reason">Why the charge was voided (<c>IndieGent-Charge-Reason</c>, e.g. <c>UpstreamFailed</c>, <c>UpstreamTimedOut</c>).</param>
    /// <param name="upstreamStatus">The provider's status code, when it answered.</param>
    /// <param name="message">What happened, for humans.</param>
    /// <param name="problemType">The gateway's problem type when the provider did not answer (<c>upstream-timeout</c>, <c>upstream-unreachable</c>).</param>
    /// <param name="title">That problem's title.</param>
    /// <param name="detail">That problem's detail.</param>
    public MarketplaceCallRefundedException(MarketplaceResponse response, string reason, int? upstreamStatus, string message, string? problemType = null,
        string? title = null, string? detail = null)
        : base(response?.Service ?? throw new ArgumentNullException(nameof(response)), reason, message, response.StatusCode, problemType, title, detail,
            response.CallId)
    {
        Response = response;
        UpstreamStatus = upstreamStatus;
    }

    /// <summary>The answer: the provider's status and body, or the gateway's problem when the provider did not answer.</summary>
    public MarketplaceResponse Response { get; }

    /// <summary>The provider's status code, or <see langword="null"/> when it did not answer (timed out, unreachable).</summary>
    public int? UpstreamStatus { get; }
}
