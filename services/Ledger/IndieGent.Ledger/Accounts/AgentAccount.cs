using System.Collections.Immutable;

namespace IndieGent.Ledger.Accounts;

/// <summary>
/// The state of an agent's account, folded from its events. Balances are derived from credits and
/// debits, never set. Immutable: <see cref="When"/> returns a new state.
/// </summary>
public sealed record AgentAccount(
    Guid AgentId,
    Guid OperatorId,
    string Currency,
    bool Disabled,
    long Credits,
    long PostedDebits,
    long PendingDebits,
    SpendingPolicy Policy,
    int PolicyVersion,
    ImmutableDictionary<Guid, Hold> OpenHolds,
    ImmutableDictionary<Guid, PaymentOutcome> ClosedPayments,
    ImmutableHashSet<string> CreditEntries,
    ImmutableDictionary<DateOnly, long> SpendPerDay,
    ImmutableDictionary<string, long> SpendPerMonth)
{
    /// <summary>What the agent can still reserve: credits less posted and pending debits.</summary>
    public long Available => Credits - PostedDebits - PendingDebits;

    /// <summary>Credits less posted debits: what the wallet holds once open holds settle or void.</summary>
    public long Posted => Credits - PostedDebits;

    /// <summary>Credits taken back (see <see cref="CreditReversed"/>): each reversed once.</summary>
    public ImmutableHashSet<string> ReversedEntries { get; init; } = ImmutableHashSet<string>.Empty;

    /// <summary>The auto-top-up under way (started, not yet settled or failed): no other starts meanwhile.</summary>
    public Guid? TopUpInFlight { get; init; }

    /// <summary>Top-ups started per UTC day (failed ones no longer count), for the rule's daily maximum.</summary>
    public ImmutableDictionary<DateOnly, long> TopUpsPerDay { get; init; } = ImmutableDictionary<DateOnly, long>.Empty;

    /// <summary>The in-flight top-up's amount and day, to give it back to the day when it fails.</summary>
    public long TopUpInFlightAmount { get; init; }

    public DateOnly? TopUpInFlightDay { get; init; }

    public long ToppedUpOn(DateOnly day) => TopUpsPerDay.GetValueOrDefault(day);

    /// <summary>
    /// Marketplace calls captured in the ledger whose money is still in the agent's wallet on chain
    /// (until a net sweep moves it; a sweep under way included): the wallet holds <see cref="Posted"/> + this.
    /// </summary>
    public long MarketplaceUnswept { get; init; }

    /// <summary>What the next sweep would move, per provider payout address: captured calls no sweep has taken yet.</summary>
    public ImmutableDictionary<string, long> UnsweptByProvider { get; init; } = ImmutableDictionary<string, long>.Empty;

    /// <summary>The sweep under way, if any: at most one per agent.</summary>
    public SweepInFlight? Sweep { get; init; }

    /// <summary>Confirmed sweeps whose transfer left the chain, followed again until confirmed anew or failed (in flight like <see cref="Sweep"/>).</summary>
    public ImmutableDictionary<Guid, SweepInFlight> ReopenedSweeps { get; init; } = ImmutableDictionary<Guid, SweepInFlight>.Empty;

    /// <summary>Sweeps given up (their shares back in the pool): only these can still be confirmed late.</summary>
    public ImmutableHashSet<Guid> FailedSweeps { get; init; } = ImmutableHashSet<Guid>.Empty;

    /// <summary>How many sweeps were ever started (a sweep's id is derived from it, so racing starters name the same sweep).</summary>
    public int SweepsStarted { get; init; }

    /// <summary>What the next sweep would move: <see cref="MarketplaceUnswept"/> less the sweeps under way (reopened ones included).</summary>
    public long Sweepable => MarketplaceUnswept - (Sweep?.Amount ?? 0) - ReopenedSweeps.Values.Sum(s => s.Amount);

    /// <summary>The agent's custodial wallet, when the account was opened with it.</summary>
    public string? WalletAddress { get; init; }

    public long SpentOn(DateOnly day) => SpendPerDay.GetValueOrDefault(day);

    public long SpentIn(DateOnly day) => SpendPerMonth.GetValueOrDefault(MonthKey(day));

    public bool HasSeen(Guid paymentId) => OpenHolds.ContainsKey(paymentId) || ClosedPayments.ContainsKey(paymentId);

    public static AgentAccount Open(AccountOpened e) => new(
        e.AgentId, e.OperatorId, e.Currency, Disabled: false, Credits: 0, PostedDebits: 0, PendingDebits: 0,
        SpendingPolicy.Unrestricted, PolicyVersion: 0,
        ImmutableDictionary<Guid, Hold>.Empty, ImmutableDictionary<Guid, PaymentOutcome>.Empty,
        ImmutableHashSet<string>.Empty, ImmutableDictionary<DateOnly, long>.Empty, ImmutableDictionary<string, long>.Empty)
    {
        WalletAddress = e.WalletAddress,
    };

    public AgentAccount When(object @event) => @event switch
    {
        SpendingPolicyApplied e => this with { Policy = e.Policy, PolicyVersion = e.PolicyVersion },
        AccountDisabled => this with { Disabled = true },
        FundsCredited e => this with { Credits = Credits + e.Amount, CreditEntries = CreditEntries.Add(e.EntryId) },
        CreditReversed e => this with { Credits = Credits - e.Amount, ReversedEntries = ReversedEntries.Add(e.EntryId) },
        HoldPlaced e => AddSpend(e.At, e.Kind.IsSpending() ? e.Amount : 0) with
        {
            PendingDebits = PendingDebits + e.Amount,
            OpenHolds = OpenHolds.Add(e.PaymentId, new Hold(e.PaymentId, e.Amount, e.Recipient, e.Host, e.At, e.AwaitingApproval, e.Kind)),
        },
        HoldApproved e => OpenHolds.TryGetValue(e.PaymentId, out var hold)
            ? this with { OpenHolds = OpenHolds.SetItem(e.PaymentId, hold with { AwaitingApproval = false }) }
            : this,
        HoldCaptured e => Capture(e),
        // Spend stays counted: the reopened hold is spending on the day it was first held, as the capture was.
        CaptureReopened e => this with
        {
            PostedDebits = PostedDebits - e.Amount,
            PendingDebits = PendingDebits + e.Amount,
            OpenHolds = OpenHolds.SetItem(e.PaymentId, new Hold(e.PaymentId, e.Amount, e.Recipient, e.Host, e.HeldAt, false, e.Kind)),
            ClosedPayments = ClosedPayments.Remove(e.PaymentId),
        },
        HoldVoided e => OpenHolds.TryGetValue(e.PaymentId, out var hold)
            ? AddSpend(hold.At, hold.Kind.IsSpending() ? -hold.Amount : 0) with
            {
                PendingDebits = PendingDebits - hold.Amount,
                OpenHolds = OpenHolds.Remove(e.PaymentId),
                ClosedPayments = ClosedPayments.SetItem(e.PaymentId, PaymentOutcome.Voided),
            }
            : this,
        ReservationDenied e => this with { ClosedPayments = ClosedPayments.SetItem(e.PaymentId, PaymentOutcome.Denied) },
        TopUpTriggered e => this with
        {
            TopUpInFlight = e.TopUpId,
            TopUpInFlightAmount = e.Amount,
            TopUpInFlightDay = DateOnly.FromDateTime(e.At.UtcDateTime),
            TopUpsPerDay = TopUpsPerDay.SetItem(DateOnly.FromDateTime(e.At.UtcDateTime), ToppedUpOn(DateOnly.FromDateTime(e.At.UtcDateTime)) + e.Amount),
        },
        MarketplaceSweepStarted e => this with
        {
            Sweep = new SweepInFlight(e.SweepId, e.Amount, e.Shares),
            UnsweptByProvider = AddShares(UnsweptByProvider, e.Shares, -1),
            SweepsStarted = SweepsStarted + 1,
        },
        MarketplaceSwept e when Sweep?.SweepId == e.SweepId => this with { Sweep = null, MarketplaceUnswept = MarketplaceUnswept - e.Amount },
        // Confirmed after it was given up (its shares back in the pool): the chain says the money left, so the ledger follows.
        MarketplaceSwept e when FailedSweeps.Contains(e.SweepId) => this with
        {
            MarketplaceUnswept = MarketplaceUnswept - e.Amount,
            UnsweptByProvider = AddShares(UnsweptByProvider, e.Shares, -1),
            FailedSweeps = FailedSweeps.Remove(e.SweepId),
        },
        MarketplaceSwept e when ReopenedSweeps.ContainsKey(e.SweepId) => this with
        {
            MarketplaceUnswept = MarketplaceUnswept - e.Amount,
            ReopenedSweeps = ReopenedSweeps.Remove(e.SweepId),
        },
        MarketplaceSweepReopened e => this with
        {
            MarketplaceUnswept = MarketplaceUnswept + e.Amount,
            ReopenedSweeps = ReopenedSweeps.SetItem(e.SweepId, new SweepInFlight(e.SweepId, e.Amount, e.Shares)),
        },
        MarketplaceSweepFailed e when ReopenedSweeps.TryGetValue(e.SweepId, out var reopened) => this with
        {
            ReopenedSweeps = ReopenedSweeps.Remove(e.SweepId),
            UnsweptByProvider = AddShares(UnsweptByProvider, reopened.Shares, +1),
            FailedSweeps = FailedSweeps.Add(e.SweepId),
        },
        MarketplaceSweepFailed e when Sweep?.SweepId == e.SweepId => this with
        {
            Sweep = null,
            UnsweptByProvider = AddShares(UnsweptByProvider, Sweep.Shares, +1),
            FailedSweeps = FailedSweeps.Add(e.SweepId),
        },
        TopUpSettled e when e.TopUpId == TopUpInFlight => this with { TopUpInFlight = null, TopUpInFlightAmount = 0, TopUpInFlightDay = null },
        TopUpFailed e when e.TopUpId == TopUpInFlight => this with
        {
            TopUpInFlight = null,
            TopUpInFlightAmount = 0,
            TopUpInFlightDay = null,
            TopUpsPerDay = TopUpInFlightDay is { } day ? TopUpsPerDay.SetItem(day, ToppedUpOn(day) - TopUpInFlightAmount) : TopUpsPerDay,
        },
        _ => this,
    };

    private AgentAccount Capture(HoldCaptured e)
    {
        if (OpenHolds.TryGetValue(e.PaymentId, out var hold))
        {
            // A capture for less than the hold releases the difference from the budgets too.
            return AddSpend(hold.At, hold.Kind.IsSpending() ? e.Amount - hold.Amount : 0) with
            {
                PendingDebits = PendingDebits - hold.Amount,
                PostedDebits = PostedDebits + e.Amount,
                OpenHolds = OpenHolds.Remove(e.PaymentId),
                ClosedPayments = ClosedPayments.SetItem(e.PaymentId, PaymentOutcome.Captured),
                MarketplaceUnswept = MarketplaceUnswept + (hold.Kind == HoldKind.Marketplace ? e.Amount : 0),
                UnsweptByProvider = hold.Kind == HoldKind.Marketplace
                    ? AddShares(UnsweptByProvider, [new ProviderShare(hold.Recipient.ToLowerInvariant(), e.Amount)], +1)
                    : UnsweptByProvider,
            };
        }

        // Settled on chain after the hold was voided (a late merchant settlement): the money has
        // left the wallet, so the ledger posts it to stay equal to the chain.
        return AddSpend(e.At, e.Kind.IsSpending() ? e.Amount : 0) with
        {
            PostedDebits = PostedDebits + e.Amount,
            ClosedPayments = ClosedPayments.SetItem(e.PaymentId, PaymentOutcome.Captured),
        };
    }

    private static ImmutableDictionary<string, long> AddShares(ImmutableDictionary<string, long> pool, IReadOnlyList<ProviderShare> shares, int sign)
    {
        foreach (var share in shares)
        {
            var left = pool.GetValueOrDefault(share.PayoutAddress) + sign * share.Amount;
            pool = left == 0 ? pool.Remove(share.PayoutAddress) : pool.SetItem(share.PayoutAddress, left);
        }

        return pool;
    }

    private AgentAccount AddSpend(DateTimeOffset at, long amount)
    {
        if (amount == 0)
            return this;
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        var month = MonthKey(day);
        return this with
        {
            SpendPerDay = SpendPerDay.SetItem(day, SpendPerDay.GetValueOrDefault(day) + amount),
            SpendPerMonth = SpendPerMonth.SetItem(month, SpendPerMonth.GetValueOrDefault(month) + amount),
        };
    }

    private static string MonthKey(DateOnly day) => $"{day.Year:D4}-{day.Month:D2}";
}
