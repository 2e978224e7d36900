using System.Security.Claims;
using System.Text;
using IndieGent.Ledger.Accounts;
using IndieGent.ServiceDefaults.Identity;
using JasperFx.Events;
using Marten;

namespace IndieGent.Ledger.Api.Apis;

/// <summary>
/// The audit trail: every event of an agent's account, or of all an operator's accounts (its agents' and its treasury's), oldest first,
/// for a time range, as JSON or as CSV for a spreadsheet. The rows are streamed from the event store,
/// so a year of a busy operator is exported without being held in memory.
/// </summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/accounts/{agentId:guid}/audit", ForAgent).WithTags("Audit").RequireAuthorization();
        app.MapGet("/v1/audit", ForOperator).WithTags("Audit").RequireAuthorization(IdentityPolicies.Operator);
        return app;
    }

    /// <summary>One event of an account. <paramref name="At"/> is when it happened; a range selects on when it was recorded.</summary>
    public sealed record AuditEntry(
        long Sequence, DateTimeOffset At, Guid AgentId, string Event, Guid? PaymentId, long? Amount, string? Merchant, string? Host,
        string? TxHash, string? ChallengeId, string? Detail);

    /// <summary>The agent's account events recorded in [<paramref name="from"/>, <paramref name="to"/>); <c>?format=csv</c> for a spreadsheet.</summary>
    public static async Task<IResult> ForAgent(Guid agentId, string? format, DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal user,
        IQuerySession session, HttpContext http, CancellationToken ct)
    {
        if (Invalid(format, from, to) is { } problem)
            return problem;
        if (await AccountsApi.ReadableAccount(agentId, user, session, ct) is null)
            return AccountsApi.NotFound(agentId);
        return Export(Entries(session, [agentId], from, to, ct), format, $"audit-{agentId}", http);
    }

    /// <summary>
    /// Every event of the operator's accounts (its agents' and its treasury's) recorded in [<paramref name="from"/>, <paramref name="to"/>), or of one
    /// agent (<paramref name="agentId"/>), in the order they were recorded.
    /// </summary>
    public static async Task<IResult> ForOperator(Guid? agentId, string? format, DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal user,
        IQuerySession session, HttpContext http, CancellationToken ct)
    {
        if (Invalid(format, from, to) is { } problem)
            return problem;
        var operatorId = user.OperatorId()!.Value;
        var agents = session.Query<AgentAccount>().Where(a => a.OperatorId == operatorId);
        if (agentId is { } one)
            agents = agents.Where(a => a.AgentId == one);
        var ids = (await agents.Select(a => a.AgentId).ToListAsync(ct)).ToArray();
        if (agentId is { } missing && ids.Length == 0)
            return AccountsApi.NotFound(missing);
        return Export(Entries(session, ids, from, to, ct), format, "audit", http);
    }

    private static IResult? Invalid(string? format, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (format is { Length: > 0 } && !IsCsv(format) && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            return Problem("Unknown format", $"'{format}' is not an export format: use csv or json.");
        return from is { } start && to is { } end && end <= start
            ? Problem("Empty range", $"to ({end:O}) must be after from ({start:O}).")
            : null;
    }

    private static async IAsyncEnumerable<AuditEntry> Entries(IQuerySession session, Guid[] agents, DateTimeOffset? from, DateTimeOffset? to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (agents.Length == 0)
            yield break;
        var events = session.Events.QueryAllRawEvents().Where(e => agents.Contains(e.StreamId));
        if (from is { } start)
            events = events.Where(e => e.Timestamp >= start);
        if (to is { } end)
            events = events.Where(e => e.Timestamp < end);
        await foreach (var e in events.OrderBy(e => e.Sequence).ToAsyncEnumerable(ct))
            yield return ToEntry(e);
    }

    private static IResult Export(IAsyncEnumerable<AuditEntry> entries, string? format, string name, HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (!IsCsv(format))
            return TypedResults.Ok(entries);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.csv\"";
        return TypedResults.Stream(async body =>
        {
            await using var csv = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
            await csv.WriteAsync(AuditCsv.Header);
            await foreach (var entry in entries)
                await csv.WriteAsync(AuditCsv.Row(entry));
        }, "text/csv; charset=utf-8");
    }

    private static bool IsCsv(string? format) => string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);

    private static IResult Problem(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, type: ServiceHostExtensions.ProblemTypeBase + "invalid-request",
            title: title, detail: detail);

    private static AuditEntry ToEntry(IEvent stored)
    {
        var (sequence, agent) = (stored.Sequence, stored.StreamId);
        return stored.Data switch
        {
            AccountOpened e => new(sequence, e.At, agent, "AccountOpened", null, null, null, null, null, null, e.Currency),
            SpendingPolicyApplied e => new(sequence, e.At, agent, "SpendingPolicyApplied", null, null, null, null, null, null, $"version {e.PolicyVersion}"),
            AccountDisabled e => new(sequence, e.At, agent, "AccountDisabled", null, null, null, null, null, null, null),
            FundsCredited e => new(sequence, e.At, agent, "FundsCredited", null, e.Amount, null, null, e.Reference, null, e.Source.ToString()),
            CreditReversed e => new(sequence, e.At, agent, "CreditReversed", null, e.Amount, null, null, e.Reference, null, $"{e.EntryId}: {e.Reason}"),
            HoldPlaced e => new(sequence, e.At, agent, "HoldPlaced", e.PaymentId, e.Amount, e.Recipient, e.Host, null, e.ChallengeId,
                e.AwaitingApproval ? "awaiting operator approval" : null),
            HoldApproved e => new(sequence, e.At, agent, "HoldApproved", e.PaymentId, null, null, null, null, null, null),
            HoldCaptured e => new(sequence, e.At, agent, "HoldCaptured", e.PaymentId, e.Amount, null, null, e.TxHash, null,
                string.Join("; ", new[]
                {
                    e.BlockNumber is { } b ? $"block {b}" : null,
                    e.Shares is { Count: > 0 } shares ? "to " + string.Join(", ", shares.Select(s => $"{s.Recipient}: {s.Amount}")) : null,
                }.OfType<string>()) is { Length: > 0 } detail ? detail : null),
            CaptureReopened e => new(sequence, e.At, agent, "CaptureReopened", e.PaymentId, e.Amount, e.Recipient, e.Host, e.TxHash, null,
                "its transaction left the chain (a reorganisation): held again until the chain settles it anew or it fails"),
            HoldVoided e => new(sequence, e.At, agent, "HoldVoided", e.PaymentId, null, null, null, null, null, e.Reason),
            ReservationDenied e => new(sequence, e.At, agent, "ReservationDenied", e.PaymentId, e.Amount, e.Recipient, e.Host, null, null,
                $"{e.Reason}: {e.Detail}"),
            TopUpTriggered e => new(sequence, e.At, agent, "TopUpTriggered", e.PaymentId, e.Amount, null, null, null, null,
                $"top-up {e.TopUpId}: available {e.AvailableAfter} after the payment"),
            TopUpSkipped e => new(sequence, e.At, agent, "TopUpSkipped", e.PaymentId, null, null, null, null, null,
                $"daily maximum {e.DailyMaximum} reached ({e.ToppedUpToday} topped up today); available {e.AvailableAfter}"),
            TopUpSettled e => new(sequence, e.At, agent, "TopUpSettled", null, null, null, null, e.TxHash, null, $"top-up {e.TopUpId}"),
            TopUpFailed e => new(sequence, e.At, agent, "TopUpFailed", null, null, null, null, null, null, $"top-up {e.TopUpId}: {e.Reason}: {e.Detail}"),
            MarketplaceSweepStarted e => new(sequence, e.At, agent, "MarketplaceSweepStarted", e.SweepId, e.Amount, null, null, null, null,
                "to the marketplace settlement wallet: " + string.Join(", ", e.Shares.Select(s => $"{s.Amount} for provider {s.PayoutAddress}"))),
            MarketplaceSwept e => new(sequence, e.At, agent, "MarketplaceSwept", e.SweepId, e.Amount, null, null, e.TxHash, null, $"block {e.BlockNumber}"),
            MarketplaceSweepFailed e => new(sequence, e.At, agent, "MarketplaceSweepFailed", e.SweepId, null, null, null, null, null, e.Reason),
            MarketplaceSweepReopened e => new(sequence, e.At, agent, "MarketplaceSweepReopened", e.SweepId, e.Amount, null, null, e.TxHash, null,
                "its transaction left the chain in a reorganisation; sent again, unswept until it is confirmed anew"),
            var other => new(sequence, stored.Timestamp, agent, other.GetType().Name, null, null, null, null, null, null, null),
        };
    }
}
