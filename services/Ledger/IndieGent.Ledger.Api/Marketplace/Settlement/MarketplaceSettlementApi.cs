using IndieGent.Contracts.Transfers;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Transfers;
using IndieGent.Ledger.Providers;
using IndieGent.ServiceDefaults.Identity;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Marketplace.Settlement;

/// <summary>
/// Admin: where the marketplace's money is (<c>GET /v1/admin/marketplace/settlement</c>), its sweeps
/// and payouts (<c>GET …/transfers</c>), and a run started now instead of on the schedule
/// (<c>POST …/sweeps</c>, <c>POST …/payouts</c>, optionally <c>{"minimum": "&lt;base units&gt;"}</c>).
/// </summary>
public static class MarketplaceSettlementApi
{
    public static IEndpointRouteBuilder MapMarketplaceSettlementApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/internal/marketplace/settlement").WithTags("Admin").RequireAuthorization(IdentityPolicies.Admin);
        group.MapGet("", Summary);
        group.MapGet("/transfers", Transfers);
        group.MapPost("/sweeps", (RunRequest? body, MarketplaceSettlementRuns runs, CancellationToken ct) => RunAsync(body, runs.SweepAsync, ct));
        group.MapPost("/payouts", (RunRequest? body, MarketplaceSettlementRuns runs, CancellationToken ct) => RunAsync(body, runs.PayOutAsync, ct));
        return app;
    }

    /// <param name="Minimum">Base units as a string of digits; the configured minimum when absent.</param>
    public sealed record RunRequest(string? Minimum);

    /// <param name="Payable">Earned and not paid out: <c>Earned = PaidOut + Payable</c>.</param>
    /// <param name="Unswept">Earned, still in agents' wallets (a sweep under way included).</param>
    /// <param name="Held">In the settlement wallet for this provider (a payout under way included).</param>
    public sealed record ProviderView(string PayoutAddress, long Earned, long Unswept, long Swept, long PaidOut, long Payable, long Held, long PayingOut);

    /// <param name="Held">What the settlement wallet should hold on chain: swept less paid out.</param>
    public sealed record SettlementView(
        string? SettlementWallet, long Unswept, long Sweeping, long Swept, long PaidOut, long PayingOut, long Held, long SweepMinimum, long PayoutMinimum,
        TimeSpan SweepInterval, TimeSpan PayoutInterval, IReadOnlyList<ProviderView> Providers);

    /// <param name="Kind"><c>sweep</c> or <c>payout</c>.</param>
    /// <param name="AccountId">The agent swept, or the provider account paid.</param>
    /// <param name="Status"><c>pending</c>, <c>submitted</c>, <c>completed</c> or <c>failed</c>.</param>
    public sealed record SettlementTransferView(
        Guid Id, string Kind, Guid AccountId, string From, string To, long Amount, string Status, string? TxHash, long? BlockNumber, string? Reason,
        DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt);

    public static async Task<Ok<SettlementView>> Summary(IQuerySession session, MarketplaceSettlementRuns runs,
        IOptions<MarketplaceSettlementOptions> options, CancellationToken ct)
    {
        var wallet = await runs.SettlementWalletAsync(ct);
        var agents = await session.Query<AgentAccount>().Where(a => a.MarketplaceUnswept != 0).ToListAsync(ct);
        var providers = (await session.Query<ProviderAccount>().ToListAsync(ct)).ToDictionary(p => p.PayoutAddress);
        var unsweptByProvider = agents
            .SelectMany(a => a.UnsweptByProvider.Concat(SweepsUnderWay(a).SelectMany(s => s.Shares).Select(s => KeyValuePair.Create(s.PayoutAddress, s.Amount))))
            .GroupBy(p => p.Key, p => p.Value)
            .ToDictionary(g => g.Key, g => g.Sum());
        var views = providers.Keys.Union(unsweptByProvider.Keys).Order(StringComparer.Ordinal).Select(address =>
        {
            var p = providers.GetValueOrDefault(address);
            var unswept = unsweptByProvider.GetValueOrDefault(address);
            var (swept, paidOut) = (p?.Swept ?? 0, p?.PaidOut ?? 0);
            var payingOut = (p?.Payout?.Amount ?? 0) + (p?.ReopenedPayouts.Values.Sum() ?? 0);
            return new ProviderView(address, swept + unswept, unswept, swept, paidOut, swept + unswept - paidOut, swept - paidOut, payingOut);
        }).ToList();
        var o = options.Value;
        return TypedResults.Ok(new SettlementView(wallet?.Address, agents.Sum(a => a.MarketplaceUnswept), agents.Sum(a => SweepsUnderWay(a).Sum(s => s.Amount)),
            views.Sum(v => v.Swept), views.Sum(v => v.PaidOut), views.Sum(v => v.PayingOut), views.Sum(v => v.Held), o.SweepMinimum, o.PayoutMinimum,
            o.SweepInterval, o.PayoutInterval, views));
    }

    // The sweep started and not yet ended, and those a reorganisation reopened: their money is in the agent's wallet.
    private static IEnumerable<SweepInFlight> SweepsUnderWay(AgentAccount account) =>
        account.Sweep is { } sweep ? account.ReopenedSweeps.Values.Append(sweep) : account.ReopenedSweeps.Values;

    public static async Task<Ok<List<SettlementTransferView>>> Transfers(IQuerySession session, CancellationToken ct)
    {
        var transfers = await session.Query<TransferState>()
            .Where(t => t.Direction == TransferDirection.Sweep || t.Direction == TransferDirection.Payout)
            .OrderByDescending(t => t.RequestedAt).Take(500).ToListAsync(ct);
        return TypedResults.Ok(transfers.Select(t => new SettlementTransferView(t.CorrelationId,
            t.Direction == TransferDirection.Sweep ? MarketplaceSettlementRuns.SweepTicket : MarketplaceSettlementRuns.PayoutTicket, t.AgentId, t.From,
            t.To, t.Amount, TransfersApi.StatusOf(t.CurrentState), t.TxHash, t.BlockNumber, t.Reason?.ToString(), t.RequestedAt, t.UpdatedAt)).ToList());
    }

    private static async Task<IResult> RunAsync(RunRequest? body,
        Func<long?, CancellationToken, Task<SettlementRun>> run, CancellationToken ct)
    {
        long? minimum = null;
        if (body?.Minimum is { } text)
        {
            if (!TransfersApi.TryParseAmount(text, out var parsed))
                return ServiceHostExtensions.Problem("invalid-amount", "Invalid minimum",
                    "'minimum' must be a positive whole number of the token's base units, as a string of digits.", StatusCodes.Status400BadRequest);
            minimum = parsed;
        }

        var result = await run(minimum, ct);
        return result.Problem is { } problem
            ? ServiceHostExtensions.Problem("settlement-wallet-not-ready", "Settlement wallet not ready", problem, StatusCodes.Status409Conflict)
            : TypedResults.Ok(result);
    }
}
