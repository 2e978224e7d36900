using System.Globalization;
using System.Security.Claims;
using System.Text;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.ServiceDefaults.Identity;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Ledger.Api.Apis;

/// <summary>Read side of the Ledger: balances, spend, payment status and the audit trail.</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/v1/accounts/{agentId:guid}").WithTags("Accounts").RequireAuthorization();
        accounts.MapGet("/balance", GetBalance);
        accounts.MapGet("/spend", GetSpend);
        accounts.MapGet("/audit", GetAudit);
        return app;
    }

    /// <param name="MarketplaceUnswept">Marketplace calls settled in the ledger whose money is still in the wallet on chain
    /// (the wallet holds <paramref name="Posted"/> + this until a net sweep moves it).</param>
    public sealed record Balance(Guid AgentId, string Currency, long Available, long Pending, long Posted, long Credits, int OpenHolds,
        long MarketplaceUnswept);

    public sealed record Spend(Guid AgentId, DateOnly Day, long SpentToday, long? DailyBudget, string Month, long SpentThisMonth, long? MonthlyBudget);

    public sealed record AuditEntry(
        long Sequence, DateTimeOffset At, string Event, Guid? PaymentId, long? Amount, string? Merchant, string? Host,
        string? TxHash, string? ChallengeId, string? Detail);

    public static async Task<Results<Ok<Balance>, ProblemHttpResult>> GetBalance(
        Guid agentId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var account = await ReadableAccount(agentId, user, session, ct);
        return account is null
            ? NotFound(agentId)
            : TypedResults.Ok(new Balance(agentId, account.Currency, account.Available, account.PendingDebits, account.Posted,
                account.Credits, account.OpenHolds.Count, account.MarketplaceUnswept));
    }

    public static async Task<Results<Ok<Spend>, ProblemHttpResult>> GetSpend(
        Guid agentId, DateOnly? day, ClaimsPrincipal user, IQuerySession session, TimeProvider time, CancellationToken ct)
    {
        var account = await ReadableAccount(agentId, user, session, ct);
        if (account is null)
            return NotFound(agentId);
        var on = day ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(new Spend(agentId, on, account.SpentOn(on), account.Policy.DailyBudget,
            $"{on.Year:D4}-{on.Month:D2}", account.SpentIn(on), account.Policy.MonthlyBudget));
    }

    /// <summary>Every event of the agent's account, oldest first; <c>?format=csv</c> for a spreadsheet.</summary>
    public static async Task<IResult> GetAudit(Guid agentId, string? format, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (await ReadableAccount(agentId, user, session, ct) is null)
            return NotFound(agentId);
        var events = await session.Events.FetchStreamAsync(agentId, token: ct);
        if (events.Count == 0)
            return NotFound(agentId);

        var entries = events.Select(e => ToEntry(e.Sequence, e.Timestamp, e.Data)).ToList();
        return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            ? TypedResults.Text(AuditCsv.Write(entries), "text/csv; charset=utf-8")
            : TypedResults.Ok(entries);
    }

    /// <summary>The account when the caller may read it (<see cref="LedgerAccess"/>).</summary>
    private static async Task<AgentAccount?> ReadableAccount(Guid agentId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var account = await session.LoadAsync<AgentAccount>(agentId, ct);
        return account is not null && LedgerAccess.MayRead(user, account.AgentId, account.OperatorId) ? account : null;
    }

    private static AuditEntry ToEntry(long sequence, DateTimeOffset stored, object data) => data switch
    {
        AccountOpened e => new(sequence, e.At, "AccountOpened", null, null, null, null, null, null, e.Currency),
        SpendingPolicyApplied e => new(sequence, e.At, "SpendingPolicyApplied", null, null, null, null, null, null, $"version {e.PolicyVersion}"),
        AccountDisabled e => new(sequence, e.At, "AccountDisabled", null, null, null, null, null, null, null),
        FundsCredited e => new(sequence, e.At, "FundsCredited", null, e.Amount, null, null, e.Reference, null, e.Source.ToString()),
        HoldPlaced e => new(sequence, e.At, "HoldPlaced", e.PaymentId, e.Amount, e.Recipient, e.Host, null, e.ChallengeId,
            e.AwaitingApproval ? "awaiting operator approval" : null),
        HoldApproved e => new(sequence, e.At, "HoldApproved", e.PaymentId, null, null, null, null, null, null),
        HoldCaptured e => new(sequence, e.At, "HoldCaptured", e.PaymentId, e.Amount, null, null, e.TxHash, null, e.BlockNumber is { } b ? $"block {b}" : null),
        HoldVoided e => new(sequence, e.At, "HoldVoided", e.PaymentId, null, null, null, null, null, e.Reason),
        ReservationDenied e => new(sequence, e.At, "ReservationDenied", e.PaymentId, e.Amount, e.Recipient, e.Host, null, null, $"{e.Reason}: {e.Detail}"),
        TopUpTriggered e => new(sequence, e.At, "TopUpTriggered", e.PaymentId, e.Amount, null, null, null, null,
            $"top-up {e.TopUpId}: available {e.AvailableAfter} after the payment"),
        TopUpSkipped e => new(sequence, e.At, "TopUpSkipped", e.PaymentId, null, null, null, null, null,
            $"daily maximum {e.DailyMaximum} reached ({e.ToppedUpToday} topped up today); available {e.AvailableAfter}"),
        TopUpSettled e => new(sequence, e.At, "TopUpSettled", null, null, null, null, e.TxHash, null, $"top-up {e.TopUpId}"),
        TopUpFailed e => new(sequence, e.At, "TopUpFailed", null, null, null, null, null, null, $"top-up {e.TopUpId}: {e.Reason}: {e.Detail}"),
        MarketplaceSweepStarted e => new(sequence, e.At, "MarketplaceSweepStarted", e.SweepId, e.Amount, null, null, null, null,
            "to the marketplace settlement wallet: " + string.Join(", ", e.Shares.Select(s => $"{s.Amount} for provider {s.PayoutAddress}"))),
        MarketplaceSwept e => new(sequence, e.At, "MarketplaceSwept", e.SweepId, e.Amount, null, null, e.TxHash, null, $"block {e.BlockNumber}"),
        MarketplaceSweepFailed e => new(sequence, e.At, "MarketplaceSweepFailed", e.SweepId, null, null, null, null, null, e.Reason),
        _ => new(sequence, stored, data.GetType().Name, null, null, null, null, null, null, null),
    };

    private static ProblemHttpResult NotFound(Guid agentId) =>
        TypedResults.Problem(detail: $"The agent {agentId} has no ledger account.", statusCode: StatusCodes.Status404NotFound,
            title: "Account not found", type: ServiceHostExtensions.ProblemTypeBase + "account-not-found");
}
