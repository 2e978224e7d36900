using IndieGent.Ledger.Accounts;
using IndieGent.Messaging;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Exceptions;

namespace IndieGent.Ledger.Api.Accounts;

/// <summary>
/// Runs the account decider against the stored stream: fetch the account at its current version,
/// decide, append with the expectation that nobody appended in between, and on a conflict decide
/// again on the newer state. Balance, caps and policy are therefore checked in ONE append.
/// </summary>
/// <remarks>
/// Optimistic concurrency is what makes the decision correct across replicas. Within one process,
/// writers to the same account also queue on a striped lock: without it, a burst of payments from
/// one agent makes every writer but one lose each round and retry, and the retries starve.
/// </remarks>
public sealed class AccountService(IDocumentStore store, TimeProvider time)
{
    private const int MaxAttempts = 100;
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task OpenAsync(Guid agentId, Guid operatorId, string currency, string? walletAddress, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Events.StartStream<AgentAccount>(agentId,
            new AccountOpened(agentId, operatorId, currency, time.GetUtcNow(), walletAddress?.ToLowerInvariant()));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (MartenConflicts.IsAlreadyInserted(e))
        {
            // Opening is idempotent: AgentCreated may be delivered more than once.
        }
    }

    public Task<IReadOnlyList<object>> ReserveAsync(Guid agentId, Guid paymentId, long amount, string recipient, string? host,
        string? challengeId, CancellationToken ct) =>
        DecideAsync(agentId, a => AgentAccountDecider.Decide(a, new ReserveFunds(paymentId, amount, recipient, host, challengeId, time.GetUtcNow())), ct);

    public Task<IReadOnlyList<object>> DisableAsync(Guid agentId, CancellationToken ct) =>
        DecideAsync(agentId, a => AgentAccountDecider.Decide(a, new DisableAccount(time.GetUtcNow())), ct);

    public Task<IReadOnlyList<object>> CreditAsync(Guid agentId, string entryId, long amount, CreditSource source, string reference, CancellationToken ct) =>
        DecideAsync(agentId, a => AgentAccountDecider.Decide(a, new CreditFunds(entryId, amount, source, reference, time.GetUtcNow())), ct);

    public Task<IReadOnlyList<object>> CaptureAsync(Guid agentId, Guid paymentId, long amount, string? txHash, long? block, CancellationToken ct) =>
        DecideAsync(agentId, a => AgentAccountDecider.Decide(a, new CaptureHold(paymentId, amount, txHash, block, time.GetUtcNow())), ct);

    public Task<IReadOnlyList<object>> VoidAsync(Guid agentId, Guid paymentId, string reason, CancellationToken ct) =>
        DecideAsync(agentId, a => AgentAccountDecider.Decide(a, new VoidHold(paymentId, reason, time.GetUtcNow())), ct);

    public Task<IReadOnlyList<object>> ApproveAsync(Guid agentId, Guid paymentId, CancellationToken ct) =>
        DecideAsync(agentId, a => AgentAccountDecider.Decide(a, new ApproveHold(paymentId, time.GetUtcNow())), ct);

    public Task<IReadOnlyList<object>> ApplyPolicyAsync(Guid agentId, SpendingPolicy policy, int version, CancellationToken ct) =>
        DecideAsync(agentId, a => version > a.PolicyVersion
            ? [new SpendingPolicyApplied(agentId, policy, version, time.GetUtcNow())]
            : [], ct);

    /// <summary>
    /// Decides on the account as <paramref name="session"/> reads it and appends the events to it,
    /// for the caller to commit with the rest of its step (a consume's outbox, the reservation's
    /// saga). The commit fails on a concurrent append to the stream; the caller runs the step again.
    /// </summary>
    public static async Task<IReadOnlyList<object>> AppendAsync(IDocumentSession session, Guid agentId, Func<AgentAccount, IReadOnlyList<object>> decide,
        CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<AgentAccount>(agentId, ct);
        var account = stream.Aggregate ?? throw new AccountNotFoundException(agentId);
        var events = decide(account);
        if (events.Count > 0)
            stream.AppendMany(events);
        return events;
    }

    /// <summary>
    /// Holds this process's writers to the agent's account in line while <paramref name="step"/>
    /// runs: a burst of one agent's payments would otherwise lose to each other's appends and retry.
    /// </summary>
    public async Task<T> OneAtATimeAsync<T>(Guid agentId, Func<Task<T>> step, CancellationToken ct)
    {
        var stripe = _stripes[(agentId.GetHashCode() & int.MaxValue) % _stripes.Length];
        await stripe.WaitAsync(ct);
        try
        {
            return await step();
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <summary>Decides and appends; returns the events appended (none when the command was already decided).</summary>
    public async Task<IReadOnlyList<object>> DecideAsync(Guid agentId, Func<AgentAccount, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        var stripe = _stripes[(agentId.GetHashCode() & int.MaxValue) % _stripes.Length];
        await stripe.WaitAsync(ct);
        try
        {
            return await DecideAndAppendAsync(agentId, decide, ct);
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task<IReadOnlyList<object>> DecideAndAppendAsync(Guid agentId, Func<AgentAccount, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<AgentAccount>(agentId, ct);
            var account = stream.Aggregate ?? throw new AccountNotFoundException(agentId);
            var events = decide(account);
            if (events.Count == 0)
                return events;

            stream.AppendMany(events);
            try
            {
                await session.SaveChangesAsync(ct);
                return events;
            }
            catch (Exception e) when (MartenConflicts.IsStaleWrite(e) && attempt < MaxAttempts)
            {
                // Another replica appended since we read: decide again on the newer state, after a
                // short jittered pause so writers do not collide in lockstep.
                await Task.Delay(Random.Shared.Next(0, Math.Min(100, attempt * 5)), ct);
            }
        }
    }
}
