using System.Security.Claims;
using IndieGent.Contracts.Payments;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Payments;
using IndieGent.ServiceDefaults.Identity;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Ledger.Api.Apis;

/// <summary>An operator's figures over the last days: spend per agent per day, and how its payments ended.</summary>
public static class ReportsApi
{
    public const int MaxDays = 366;

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/v1/reports").WithTags("Reports").RequireAuthorization(IdentityPolicies.Operator);
        reports.MapGet("/spend", Spend);
        reports.MapGet("/payments", Payments);
        return app;
    }

    /// <summary>Spend per agent on each UTC day from <paramref name="From"/> to <paramref name="To"/> (both included).</summary>
    public sealed record SpendReport(DateOnly From, DateOnly To, IReadOnlyList<AgentSpend> Agents);

    /// <param name="Days">One amount per day of the report, in order (zero on a day without spend).</param>
    public sealed record AgentSpend(Guid AgentId, long Total, IReadOnlyList<long> Days);

    /// <summary>How many of the operator's payments requested since <paramref name="Since"/> are in each state.</summary>
    public sealed record PaymentMix(DateTimeOffset Since, int Total, IReadOnlyDictionary<PaymentStatus, int> ByStatus);

    /// <summary>Spend as the budgets count it (payments and marketplace calls held or captured, not voided) per agent per day over the last <paramref name="days"/> days, today included.</summary>
    public static async Task<Results<Ok<SpendReport>, ProblemHttpResult>> Spend(int? days, ClaimsPrincipal user, IQuerySession session,
        TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (OutOfRange(days) is { } problem)
            return problem;
        var count = days ?? 30;
        var to = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = to.AddDays(1 - count);
        var operatorId = user.OperatorId()!.Value;
        var accounts = await session.Query<AgentAccount>().Where(a => a.OperatorId == operatorId).ToListAsync(ct);
        var agents = accounts
            .Select(a =>
            {
                var perDay = Enumerable.Range(0, count).Select(i => a.SpentOn(from.AddDays(i))).ToList();
                return new AgentSpend(a.AgentId, perDay.Sum(), perDay);
            })
            .OrderByDescending(a => a.Total).ThenBy(a => a.AgentId)
            .ToList();
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new SpendReport(from, to, agents));
    }

    /// <summary>The operator's payments (marketplace calls included) requested in the last <paramref name="days"/> days, counted by state.</summary>
    public static async Task<Results<Ok<PaymentMix>, ProblemHttpResult>> Payments(int? days, ClaimsPrincipal user, IQuerySession session,
        TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (OutOfRange(days) is { } problem)
            return problem;
        var since = time.GetUtcNow().AddDays(-(days ?? 30));
        var operatorId = user.OperatorId()!.Value;
        var byStatus = new Dictionary<PaymentStatus, int>();
        foreach (var status in Enum.GetValues<PaymentStatus>())
        {
            var name = status.ToString();
            byStatus[status] = await session.Query<PaymentState>()
                .CountAsync(s => s.OperatorId == operatorId && s.RequestedAt >= since && s.CurrentState == name, ct);
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new PaymentMix(since, byStatus.Values.Sum(), byStatus));
    }

    private static ProblemHttpResult? OutOfRange(int? days) => days is < 1 or > MaxDays
        ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, type: ServiceHostExtensions.ProblemTypeBase + "invalid-request",
            title: "Days out of range", detail: $"days must be between 1 and {MaxDays}.")
        : null;
}
