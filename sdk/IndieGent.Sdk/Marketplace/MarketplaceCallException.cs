using System.Net;

namespace IndieGent.Sdk.Marketplace;

/// <summary>
/// A marketplace request the platform refused (an RFC 9457 problem: a spending rule, an operator's
/// approval needed, no such service, a call already made with this Idempotency-Key…), or an external
/// service's 402 that was not paid. Nothing was charged for it, unless <see cref="ProblemType"/>
/// says the call was made before (<c>call-already-made</c>).
/// </summary>
public class MarketplaceCallException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="service">The service's slug.</param>
    /// <param name="reason">A stable, machine-readable reason (see <see cref="Reason"/>).</param>
    /// <param name="message">What happened, for humans.</param>
    /// <param name="statusCode">The HTTP status the platform answered with, if any.</param>
    /// <param name="problemType">The problem's <c>type</c> URI, if any.</param>
    /// <param name="title">The problem's title, if any.</param>
    /// <param name="detail">The problem's detail, if any.</param>
    /// <param name="callId">The call (or payment) the platform named, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public MarketplaceCallException(string service, string reason, string message, HttpStatusCode? statusCode = null, string? problemType = null,
        string? title = null, string? detail = null, Guid? callId = null, Exception? innerException = null)
        : base(message, innerException, statusCode)
    {
        Service = service;
        Reason = reason;
        ProblemType = problemType;
        Title = title;
        Detail = detail;
        CallId = callId;
    }

    /// <summary>The service's slug.</summary>
    public string Service { get; }

    /// <summary>
    /// The platform's reason when it gave one (a spending rule such as <c>ExceedsDailyBudget</c>, or why the
    /// provider failed such as <c>UpstreamFailed</c>), else the last segment of <see cref="ProblemType"/>
    /// (<c>approval-required</c>, <c>service-not-found</c>, <c>call-already-made</c>…), else <c>Http</c> and the status code.
    /// </summary>
    public string Reason { get; }

    /// <summary>The RFC 9457 problem type (e.g. <c>https://indiegent.dev/problems/approval-required</c>), if the answer was a problem.</summary>
    public string? ProblemType { get; }

    /// <summary>The problem's title.</summary>
    public string? Title { get; }

    /// <summary>The problem's detail, for humans.</summary>
    public string? Detail { get; }

    /// <summary>
    /// The call's id when the platform named one: for <c>approval-required</c>, the payment the operator
    /// approves, after which the same call (same Idempotency-Key) goes through.
    /// </summary>
    public Guid? CallId { get; }

    /// <summary>Whether the call waits for the operator's approval (call again with the same Idempotency-Key once approved).</summary>
    public bool IsAwaitingApproval => ProblemType?.EndsWith("/approval-required", StringComparison.Ordinal) == true;
}
