using System.Security.Claims;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.ServiceDefaults.Identity;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Ledger.Api.Apis;

/// <summary>Read side of an agent's account: balance and spend (the audit trail is <see cref="AuditApi"/>).</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/v1/accounts/{agentId:guid}").WithTags("Accounts").RequireAuthorization();
        accounts.MapGet("/balance", GetBalance);
        accounts.MapGet("/spend", GetSpend);
        return app;
    }

    /// <param name="MarketplaceUnswept">Marketplace calls settled in the ledger whose money is still in the wallet on chain
    /// (the wallet holds <paramref name="Posted"/> + this until a net sweep moves it).</param>
    public sealed record Balance(Guid AgentId, string Currency, long Available, long Pending, long Posted, long Credits, int OpenHolds,
        long MarketplaceUnswept);

    public sealed record Spend(Guid AgentId, DateOnly Day, long SpentToday, long? DailyBudget, string Month, long SpentThisMonth, long? MonthlyBudget);

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

    /// <summary>The account when the caller may read it (<see cref="LedgerAccess"/>).</summary>
    internal static async Task<AgentAccount?> ReadableAccount(Guid agentId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var account = await session.LoadAsync<AgentAccount>(agentId, ct);
        return account is not null && LedgerAccess.MayRead(user, account.AgentId, account.OperatorId) ? account : null;
    }

    internal static ProblemHttpResult NotFound(Guid agentId) =>
        TypedResults.Problem(detail: $"The agent {agentId} has no ledger account.", statusCode: StatusCodes.Status404NotFound,
            title: "Account not found", type: ServiceHostExtensions.ProblemTypeBase + "account-not-found");
}
