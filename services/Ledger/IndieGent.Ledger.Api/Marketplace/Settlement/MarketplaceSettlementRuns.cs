using IndieGent.Contracts.Marketplace;
using IndieGent.Contracts.Transfers;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Transfers;
using IndieGent.Ledger.Providers;
using IndieGent.Messaging;
using Marten;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Marketplace.Settlement;

/// <summary>What one run started: the transfers (sweeps or payouts) and what was left for later.</summary>
/// <param name="Skipped">Accounts with money below the minimum, or with a transfer still under way.</param>
public sealed record SettlementRun(string Kind, IReadOnlyList<StartedTransfer> Started, int Skipped, string? Problem = null);

/// <param name="AccountId">The agent (sweep) or the provider account (payout).</param>
public sealed record StartedTransfer(Guid TransferId, Guid AccountId, string To, long Amount);

/// <summary>
/// The on-chain half of marketplace settlement. A <b>sweep</b> run moves, for each agent, everything
/// its captured calls owe (from the minimum up) out of its wallet in ONE relayed transfer to the
/// settlement wallet; a <b>payout</b> run pays each provider everything its confirmed sweeps brought
/// (from the minimum up) in ONE relayed transfer. Each start is one commit: the account's event (the
/// sweep or payout with its deterministic id), the transfer saga and <see cref="SettleTransfer"/> in
/// the outbox. An account has at most one under way; two runners racing decide on the same stream
/// version, so one commit wins and the other skips the account.
/// </summary>
public sealed partial class MarketplaceSettlementRuns(
    IServiceScopeFactory scopes, IDocumentStore store, TransferStarter starter, IOptions<MarketplaceSettlementOptions> options,
    TimeProvider time, ILogger<MarketplaceSettlementRuns> logger)
{
    public const string SweepTicket = "sweep";
    public const string PayoutTicket = "payout";

    /// <param name="minimum">Overrides the configured minimum for this run.</param>
    public Task<SettlementRun> SweepAsync(long? minimum, CancellationToken ct) =>
        RunAsync(SweepTicket,
            async query => (await query.Query<AgentAccount>().Where(a => a.MarketplaceUnswept > 0).Select(a => a.AgentId).ToListAsync(ct)).ToList(),
            (agentId, wallet) => StartSweepAsync(agentId, wallet, minimum ?? options.Value.SweepMinimum, ct), ct);

    /// <param name="minimum">Overrides the configured minimum for this run.</param>
    public Task<SettlementRun> PayOutAsync(long? minimum, CancellationToken ct) =>
        RunAsync(PayoutTicket,
            async query => (await query.Query<ProviderAccount>().Where(p => p.Swept > 0).ToListAsync(ct)).Where(p => p.Held > 0).Select(p => p.Id).ToList(),
            (providerId, wallet) => StartPayoutAsync(providerId, wallet, minimum ?? options.Value.PayoutMinimum, ct), ct);

    // One start per candidate account, each its own commit: a lost race skips the account until the next run.
    private async Task<SettlementRun> RunAsync(string kind, Func<IQuerySession, Task<List<Guid>>> candidatesOf,
        Func<Guid, SettlementWallet, Task<StartedTransfer?>> start, CancellationToken ct)
    {
        if (await SettlementWalletAsync(ct) is not { } wallet)
            return new SettlementRun(kind, [], 0, NoWallet);
        List<Guid> candidates;
        await using (var query = store.QuerySession())
            candidates = await candidatesOf(query);

        var started = new List<StartedTransfer>();
        foreach (var accountId in candidates)
        {
            if (await start(accountId, wallet) is { } transfer)
                started.Add(transfer);
        }

        return new SettlementRun(kind, started, candidates.Count - started.Count);
    }

    public async Task<SettlementWallet?> SettlementWalletAsync(CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<SettlementWallet>(MarketplaceSettlementWalletOpened.Id, ct);
    }

    private const string NoWallet = "The Wallet has not announced the marketplace settlement wallet yet; nothing can be swept or paid out.";

    private async Task<StartedTransfer?> StartSweepAsync(Guid agentId, SettlementWallet wallet, long minimum, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            var stream = await session.Events.FetchForWriting<AgentAccount>(agentId, ct);
            if (stream.Aggregate is not { WalletAddress: { } from } account ||
                AgentAccountDecider.Decide(account, new StartSweep(minimum, time.GetUtcNow())) is not [MarketplaceSweepStarted sweep])
                return null;
            stream.AppendOne(sweep);
            await starter.StartAsync(scope.ServiceProvider, new TransferState
            {
                CorrelationId = sweep.SweepId,
                OperatorId = account.OperatorId,
                AgentId = agentId,
                Direction = TransferDirection.Sweep,
                SourceWalletId = agentId,
                DestinationWalletId = wallet.Id,
                From = from,
                To = wallet.Address,
                Amount = sweep.Amount,
                Shares = [.. sweep.Shares],
            }, SweepTicket, ct);
            await session.SaveChangesAsync(ct);
            LogSweepStarted(sweep.SweepId, agentId, sweep.Amount);
            return new StartedTransfer(sweep.SweepId, agentId, wallet.Address, sweep.Amount);
        }
        catch (Exception e) when (MartenConflicts.IsLostRace(e))
        {
            // A call was captured on the account, or another runner started its sweep, since we read: the next run sees it.
            return null;
        }
    }

    private async Task<StartedTransfer?> StartPayoutAsync(Guid providerId, SettlementWallet wallet, long minimum, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            var stream = await session.Events.FetchForWriting<ProviderAccount>(providerId, ct);
            if (stream.Aggregate is not { } account ||
                ProviderAccountDecider.Decide(account, new StartPayout(minimum, time.GetUtcNow())) is not [PayoutStarted payout])
                return null;
            stream.AppendOne(payout);
            await starter.StartAsync(scope.ServiceProvider, new TransferState
            {
                CorrelationId = payout.PayoutId,
                AgentId = providerId,
                Direction = TransferDirection.Payout,
                SourceWalletId = MarketplaceSettlementWalletOpened.Id,
                DestinationWalletId = providerId,
                From = wallet.Address,
                To = account.PayoutAddress,
                Amount = payout.Amount,
            }, PayoutTicket, ct);
            await session.SaveChangesAsync(ct);
            LogPayoutStarted(payout.PayoutId, account.PayoutAddress, payout.Amount);
            return new StartedTransfer(payout.PayoutId, providerId, account.PayoutAddress, payout.Amount);
        }
        catch (Exception e) when (MartenConflicts.IsLostRace(e))
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} of agent {AgentId} started: {Amount} to the settlement wallet")]
    private partial void LogSweepStarted(Guid sweepId, Guid agentId, long amount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payout {PayoutId} to {PayoutAddress} started: {Amount}")]
    private partial void LogPayoutStarted(Guid payoutId, string payoutAddress, long amount);
}
