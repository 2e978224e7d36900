using Microsoft.AspNetCore.Http;

namespace IndieGent.Payments.AspNetCore;

/// <summary>What the gate answers a request: the payment that admits it, or a problem (a 402 carries fresh challenges unless told not to).</summary>
internal sealed record Verdict(PaidRequest? Paid, int Status, string ProblemType, string Title, string Detail, bool Challenge, TimeSpan? RetryAfter = null)
{
    // A settlement slot or a block is about this far away.
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public static Verdict Pass(PaidRequest paid) => new(paid, StatusCodes.Status200OK, "", "", "", false);

    public static Verdict Fail(int status, string type, string title, string detail, bool challenge = true) =>
        new(null, status, type, title, detail, challenge);

    /// <summary>A 503 with <c>Retry-After</c>: the client sends the same credential again, and pays nothing new.</summary>
    public static Verdict Retry(string type, string title, string detail) =>
        new(null, StatusCodes.Status503ServiceUnavailable, type, title, detail, false, RetryDelay);
}

/// <summary>
/// What checking a credential outside an HTTP request came to (<see cref="PaymentGate.CheckCredentialAsync"/>): the settled
/// payment, or the HTTP status and RFC 9457 problem an HTTP request would have been answered with.
/// </summary>
/// <param name="Paid">The settled payment, when it paid.</param>
/// <param name="Status">The HTTP status (200 when paid).</param>
/// <param name="ProblemType">The problem type when not paid.</param>
/// <param name="Title">The problem's title.</param>
/// <param name="Detail">The problem's detail.</param>
public sealed record PaymentCheck(PaidRequest? Paid, int Status, string ProblemType, string Title, string Detail);
