using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Providers;
using IndieGent.Messaging;
using JasperFx;
using JasperFx.Events;
using System.Runtime.CompilerServices;
using Marten;
using Marten.Events;
using Marten.Exceptions;

namespace IndieGent.Ledger.Api.Accounts;

/// <summary>
/// Runs the account decider against the stored stream: fetch the account at its current version,
/// decide, append with the expectation that nobody appended in between, and on a conflict decide
/// again on the newer state. Balance, caps and policy are therefore checked in ONE append.
/// </summary>
/// <remarks>
/// <para>The service writes accounts with <see cref="AppendAsync"/> into the session of the step
/// being committed (the reservation with its saga; a saga step or a consumer with its outbox), so
/// the events commit with everything else the step does and a conflict re-runs the whole step.
/// The methods that commit on their own serve tests and tools.</para>
/// <para>Optimistic concurrency is what makes the decision correct across replicas. Within one
/// process, the request path's writers of one account take turns (<see cref="AccountLines"/>) and the
/// methods here that commit on their own queue on a striped lock: without either, a burst of payments
/// from one agent makes every writer but one lose each round and retry, and the retries starve.</para>
/// </remarks>
public sealed class AccountService(IDocumentStore store, TimeProvider time)
{
    private const int MaxAttempts = 100;
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task OpenAsync(Guid agentId, Guid operatorId, string currency, string? walletAddress, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        await OpenAsync(session, agentId, operatorId, currency, walletAddress, time.GetUtcNow(), ct);
        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Starts the agent's stream in <paramref name="session"/> unless it exists: opening is
    /// idempotent (AgentCreated may be delivered more than once). Two openings at the same moment
    /// make one commit fail on the stream's id; its retry finds the stream.
    /// </summary>
    public static async Task OpenAsync(IDocumentSession session, Guid agentId, Guid operatorId, string currency, string? walletAddress,
        DateTimeOffset now, CancellationToken ct)
    {
        if (await session.Events.FetchStreamStateAsync(agentId, ct) is not null)
            return;
        session.Events.StartStream<AgentAccount>(agentId, new AccountOpened(agentId, operatorId, currency, now, walletAddress?.ToLowerInvariant()));
    }

    /// <summary>
    /// Decides on the provider account of <paramref name="payoutAddress"/> as <paramref name="session"/>
    /// reads it and appends the events, opening the account in the same append when it has no stream
    /// yet (two first writers collide on the stream's id; the caller runs its step again).
    /// </summary>
    public static async Task<IReadOnlyList<object>> AppendProviderAsync(IDocumentSession session, string payoutAddress, string currency,
        DateTimeOffset now, Func<ProviderAccount, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        var id = ProviderAccounts.IdOf(payoutAddress);
        var stream = await session.Events.FetchForWriting<ProviderAccount>(id, ct);
        if (stream.Aggregate is { } account)
        {
            var events = decide(account);
            if (events.Count > 0)
                stream.AppendMany(events);
            return events;
        }

        var opened = new ProviderAccountOpened(id, payoutAddress.ToLowerInvariant(), currency, now);
        var first = decide(ProviderAccount.Open(opened));
        session.Events.StartStream<ProviderAccount>(id, [opened, .. first]);
        return first;
    }

    public Task<IReadOnlyList<object>> ReserveAsync(Guid agentId, Guid paymentId, long amount, string recipient, string? host,
        string? challengeId, CancellationToken ct) =>
        DecideAsync(agentId, a => AgentAccountDecider.Decide(a, new ReserveFunds(paymentId, amount, recipient, host, challengeId, time.GetUtcNow())), ct);

    public Task<IReadOnlyList<object>> CreditAsync(Guid agentId, string entryId, long amount, CreditSource source, string reference, CancellationToken ct) =>
        DecideAsync(agentId, a => AgentAccountDecider.Decide(a, new CreditFunds(entryId, amount, source, reference, time.GetUtcNow())), ct);

    public Task<IReadOnlyList<object>> CaptureAsync(Guid agentId, Guid paymentId, long amount, string? txHash, long? block, CancellationToken ct) =>
        DecideAsync(agentId, a => AgentAccountDecider.Decide(a, new CaptureHold(paymentId, amount, txHash, block, time.GetUtcNow())), ct);

    public Task<IReadOnlyList<object>> ApplyPolicyAsync(Guid agentId, SpendingPolicy policy, int version, CancellationToken ct) =>
        DecideAsync(agentId, a => version > a.PolicyVersion
            ? [new SpendingPolicyApplied(agentId, policy, version, time.GetUtcNow())]
            : [], ct);

    /// <summary>
    /// Decides on the account as <paramref name="session"/> reads it and appends the events to it,
    /// for the caller to commit with the rest of its step (a consume's outbox, the reservation's
    /// saga). The commit fails on a concurrent append to the stream; the caller runs the step again.
    /// In a session that groups steps (<see cref="GroupAppends"/>), a second decision on the same
    /// account decides on the account as the first one's events left it.
    /// </summary>
    public static async Task<IReadOnlyList<object>> AppendAsync(IDocumentSession session, Guid agentId, Func<AgentAccount, IReadOnlyList<object>> decide,
        CancellationToken ct)
    {
        var grouped = Grouped.TryGetValue(session, out var fetchedBefore);
        if (!grouped || !fetchedBefore!.TryGetValue(agentId, out var fetched))
        {
            var stream = await session.Events.FetchForWriting<AgentAccount>(agentId, ct);
            fetched = new FetchedAccount(stream, stream.Aggregate ?? throw new AccountNotFoundException(agentId));
            if (grouped)
                fetchedBefore![agentId] = fetched;
        }

        var events = decide(fetched.Account);
        if (events.Count > 0)
        {
            fetched.Stream.AppendMany(events);
            fetched.Account = events.Aggregate(fetched.Account, (account, e) => account.When(e));
        }

        return events;
    }

    /// <summary>
    /// Makes <see cref="AppendAsync"/> keep the accounts <paramref name="session"/> fetches, so several
    /// steps can decide on one account, each after the others, in one commit. Only for a session that
    /// is thrown away when its commit fails (the next attempt must read the account again).
    /// </summary>
    public static void GroupAppends(IDocumentSession session) => Grouped.AddOrUpdate(session, []);

    private static readonly ConditionalWeakTable<IDocumentSession, Dictionary<Guid, FetchedAccount>> Grouped = new();

    private sealed class FetchedAccount(IEventStream<AgentAccount> stream, AgentAccount account)
    {
        public IEventStream<AgentAccount> Stream => stream;
        public AgentAccount Account { get; set; } = account;
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
