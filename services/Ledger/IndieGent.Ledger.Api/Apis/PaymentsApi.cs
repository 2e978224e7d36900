using System.Security.Claims;
using IndieGent.Contracts.Payments;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Ledger.Api.Payments;
using IndieGent.ServiceDefaults.Identity;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Ledger.Api.Apis;

/// <summary>Where a payment stands (saga and hold), and the operator's approvals of held payments.</summary>
public static class PaymentsApi
{
    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/payments/{paymentId:guid}", GetPayment).WithTags("Payments").RequireAuthorization();
        app.MapGet("/v1/payments", ListPayments).WithTags("Payments").RequireAuthorization();
        var approvals = app.MapGroup("/v1").WithTags("Approvals").RequireAuthorization(IdentityPolicies.Operator);
        approvals.MapGet("/approvals", ListApprovals);
        approvals.MapPost("/payments/{paymentId:guid}/approve", (Guid paymentId, ClaimsPrincipal user, IDocumentSession session,
            IPublishEndpoint publish, TimeProvider time, CancellationToken ct) => Decide(paymentId, true, user, session, publish, time, ct));
        approvals.MapPost("/payments/{paymentId:guid}/deny", (Guid paymentId, ClaimsPrincipal user, IDocumentSession session,
            IPublishEndpoint publish, TimeProvider time, CancellationToken ct) => Decide(paymentId, false, user, session, publish, time, ct));
        return app;
    }

    /// <summary>A payment as its agent or operator sees it.</summary>
    /// <param name="Status">The saga's state.</param>
    /// <param name="Hold">The ledger hold: AwaitingApproval, Held, Captured, Voided or Denied (none before the reservation).</param>
    /// <param name="Credential">The value for <c>Authorization</c>; only the agent itself is shown it.</param>
    public sealed record PaymentView(
        Guid Id, Guid AgentId, PaymentStatus Status, PaymentLedgerStatus? Hold, long Amount, string? Recipient, string? Host, string? ChallengeId,
        PaymentReason? Reason, string? Detail, string? TxHash, long? BlockNumber, string? Credential, DateTimeOffset? ValidBefore,
        DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt);

    public static async Task<Results<Ok<PaymentView>, ProblemHttpResult>> GetPayment(
        Guid paymentId, ClaimsPrincipal user, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        // A payment has its saga from the reservation's commit on; a hold placed on the account
        // alone (an administrative reservation) is shown from its record.
        var saga = await session.LoadAsync<PaymentState>(paymentId, ct);
        var record = await session.LoadAsync<PaymentRecord>(paymentId, ct);
        if (saga is null && record is not null &&
            LedgerAccess.MayRead(user, record.AgentId, (await session.LoadAsync<Ledger.Accounts.AgentAccount>(record.AgentId, ct))?.OperatorId))
        {
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new PaymentView(record.Id, record.AgentId, RecordStatus(record.Status), record.Status, record.Amount, record.Recipient,
                record.Host, record.ChallengeId, record.DenialReason is { } denial ? Enum.Parse<PaymentReason>(denial) : null, record.Detail, record.TxHash, record.BlockNumber, null, null, record.RequestedAt,
                record.UpdatedAt));
        }

        if (saga is null || !LedgerAccess.MayRead(user, saga.AgentId, saga.OperatorId))
            return PaymentNotFound(paymentId);

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(View(saga, record, showCredential: user.IndieGentRole() == IdentityRoles.Agent));
    }

    /// <summary>A page of payments, newest first; <paramref name="NextBefore"/> asks for the page after it (null on the last).</summary>
    public sealed record PaymentPage(IReadOnlyList<PaymentView> Items, DateTimeOffset? NextBefore);

    public const int MaxPageSize = 200;

    /// <summary>
    /// The operator's payments (an agent: its own; marketplace calls included), newest first: by agent, by status, by merchant (host or
    /// recipient address) and before a time (the previous page's <c>nextBefore</c>).
    /// </summary>
    public static async Task<Results<Ok<PaymentPage>, ProblemHttpResult>> ListPayments(Guid? agentId, string? status, string? merchant, int? limit,
        DateTimeOffset? before, ClaimsPrincipal user, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        if (merchant is { Length: > 255 })
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, type: ServiceHostExtensions.ProblemTypeBase + "invalid-request",
                title: "Merchant too long", detail: "merchant is a host name or a recipient address, at most 255 characters.");
        PaymentStatus? wanted = null;
        if (status is { Length: > 0 })
        {
            if (!Enum.TryParse<PaymentStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, type: ServiceHostExtensions.ProblemTypeBase + "invalid-request",
                    title: "Unknown status", detail: $"'{status}' is not a payment status: {string.Join(", ", Enum.GetNames<PaymentStatus>())}.");
            wanted = parsed;
        }

        if (limit is < 1 or > MaxPageSize)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, type: ServiceHostExtensions.ProblemTypeBase + "invalid-request",
                title: "Page size out of range", detail: $"limit must be between 1 and {MaxPageSize}.");
        var size = limit ?? 50;
        IQueryable<PaymentState> query = session.Query<PaymentState>();
        switch (user.IndieGentRole())
        {
            case IdentityRoles.Operator:
                var operatorId = user.OperatorId()!.Value;
                query = query.Where(s => s.OperatorId == operatorId);
                if (agentId is { } agent)
                    query = query.Where(s => s.AgentId == agent);
                break;
            case IdentityRoles.Agent:
                // An agent lists its own payments, whatever agentId says.
                var own = user.AgentId()!.Value;
                query = query.Where(s => s.AgentId == own);
                break;
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: ServiceHostExtensions.ProblemTypeBase + "forbidden",
                    title: "Operators and agents only", detail: "Payments are listed for an operator's agents or for an agent itself.");
        }

        if (wanted is { } state)
        {
            var name = state.ToString();
            query = query.Where(s => s.CurrentState == name);
        }

        // The merchant: the host the 402 came from, or the address it asked to be paid.
        if (merchant?.Trim() is { Length: > 0 } who)
            query = query.Where(s => s.Terms!.Host!.Equals(who, StringComparison.OrdinalIgnoreCase) ||
                                     s.Terms!.Recipient.Equals(who, StringComparison.OrdinalIgnoreCase));
        if (before is { } cursor)
            query = query.Where(s => s.RequestedAt < cursor);
        var page = await query.OrderByDescending(s => s.RequestedAt).Take(size + 1).ToListAsync(ct);
        http.Response.Headers.CacheControl = "no-store";
        var items = page.Take(size).Select(s => View(s, null, showCredential: false)).ToList();
        return TypedResults.Ok(new PaymentPage(items, page.Count > size ? items[^1].RequestedAt : null));
    }

    public static async Task<Ok<IReadOnlyList<PaymentView>>> ListApprovals(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var operatorId = user.OperatorId()!.Value;
        var waiting = await session.Query<PaymentState>()
            .Where(s => s.OperatorId == operatorId && s.CurrentState == nameof(PaymentStatus.AwaitingApproval))
            .OrderBy(s => s.RequestedAt)
            .Take(500)
            .ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<PaymentView>>(waiting.Select(s => View(s, null, showCredential: false)).ToList());
    }

    private static async Task<Results<Accepted<PaymentView>, ProblemHttpResult>> Decide(
        Guid paymentId, bool approve, ClaimsPrincipal user, IDocumentSession session, IPublishEndpoint publish, TimeProvider time,
        CancellationToken ct)
    {
        var saga = await session.LoadAsync<PaymentState>(paymentId, ct);
        if (saga is null || saga.OperatorId != user.OperatorId())
            return PaymentNotFound(paymentId);
        if (saga.GetStatus() != PaymentStatus.AwaitingApproval)
        {
            return TypedResults.Problem(
                detail: $"Payment {paymentId} is {saga.CurrentState}; only a payment awaiting approval can be approved or denied.",
                statusCode: StatusCodes.Status409Conflict, title: "Not awaiting approval",
                type: ServiceHostExtensions.ProblemTypeBase + "payment-not-awaiting-approval");
        }

        // Through the outbox: the decision is sent when this commits. The saga applies the first
        // decision that reaches it; a second one finds the payment no longer waiting.
        await publish.Publish(new PaymentApprovalDecided(paymentId, saga.AgentId, saga.OperatorId, approve, time.GetUtcNow()), ct);
        await session.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/v1/payments/{paymentId}", View(saga, null, showCredential: false));
    }

    private static PaymentStatus RecordStatus(PaymentLedgerStatus hold) => hold switch
    {
        PaymentLedgerStatus.AwaitingApproval => PaymentStatus.AwaitingApproval,
        PaymentLedgerStatus.Captured => PaymentStatus.Settled,
        PaymentLedgerStatus.Voided => PaymentStatus.Failed,
        PaymentLedgerStatus.Denied => PaymentStatus.Denied,
        _ => PaymentStatus.Settling,
    };

    private static PaymentView View(PaymentState saga, PaymentRecord? record, bool showCredential) =>
        new(saga.CorrelationId, saga.AgentId, saga.GetStatus(), record?.Status, saga.Amount,
            saga.Terms?.Recipient, saga.Terms?.Host, saga.Terms?.ChallengeId, saga.Reason, saga.Detail, saga.TxHash ?? record?.TxHash,
            saga.BlockNumber ?? record?.BlockNumber, showCredential ? saga.Credential : null, saga.ValidBefore, saga.RequestedAt,
            saga.UpdatedAt);

    private static ProblemHttpResult PaymentNotFound(Guid paymentId) =>
        TypedResults.Problem(detail: $"No payment {paymentId} is recorded.", statusCode: StatusCodes.Status404NotFound,
            title: "Payment not found", type: ServiceHostExtensions.ProblemTypeBase + "payment-not-found");
}
