using System.Collections.Immutable;

namespace IndieGent.Ledger.Providers;

/// <summary>The payout under way on a provider account (at most one at a time).</summary>
public sealed record PayoutInFlight(Guid PayoutId, long Amount);

/// <summary>
/// A marketplace provider's account, folded from its events: earnings swept into the settlement
/// wallet, paid out, and the payout under way. Immutable: <see cref="When"/> returns a new state.
/// </summary>
public sealed record ProviderAccount(
    Guid Id,
    string PayoutAddress,
    string Currency,
    long Swept,
    long PaidOut,
    PayoutInFlight? Payout,
    int PayoutsStarted,
    ImmutableHashSet<Guid> SweepsBooked)
{
    /// <summary>Payouts given up: only these can still be confirmed late.</summary>
    public ImmutableHashSet<Guid> FailedPayouts { get; init; } = ImmutableHashSet<Guid>.Empty;

    /// <summary>Confirmed payouts whose transfer left the chain, followed again until confirmed anew or failed (in flight like <see cref="Payout"/>).</summary>
    public ImmutableDictionary<Guid, long> ReopenedPayouts { get; init; } = ImmutableDictionary<Guid, long>.Empty;

    /// <summary>What the settlement wallet holds for the provider and no payout has taken yet (it can be below zero while a reopened sweep waits).</summary>
    public long ReadyToPay => Swept - PaidOut - (Payout?.Amount ?? 0) - ReopenedPayouts.Values.Sum();

    /// <summary>What the settlement wallet holds for the provider (a payout under way included).</summary>
    public long Held => Swept - PaidOut;

    public static ProviderAccount Open(ProviderAccountOpened e) =>
        new(e.ProviderAccountId, e.PayoutAddress, e.Currency, 0, 0, null, 0, ImmutableHashSet<Guid>.Empty);

    public ProviderAccount When(object @event) => @event switch
    {
        ProviderEarningsSwept e => this with { Swept = Swept + e.Amount, SweepsBooked = SweepsBooked.Add(e.SweepId) },
        PayoutStarted e => this with { Payout = new PayoutInFlight(e.PayoutId, e.Amount), PayoutsStarted = PayoutsStarted + 1 },
        PayoutSettled e when Payout?.PayoutId == e.PayoutId => this with { Payout = null, PaidOut = PaidOut + e.Amount },
        // Confirmed after it was given up: the money left the settlement wallet all the same.
        PayoutSettled e when FailedPayouts.Contains(e.PayoutId) => this with { PaidOut = PaidOut + e.Amount, FailedPayouts = FailedPayouts.Remove(e.PayoutId) },
        PayoutFailed e when Payout?.PayoutId == e.PayoutId => this with { Payout = null, FailedPayouts = FailedPayouts.Add(e.PayoutId) },
        ProviderEarningsReopened e when SweepsBooked.Contains(e.SweepId) => this with { Swept = Swept - e.Amount, SweepsBooked = SweepsBooked.Remove(e.SweepId) },
        PayoutReopened e => this with { PaidOut = PaidOut - e.Amount, ReopenedPayouts = ReopenedPayouts.SetItem(e.PayoutId, e.Amount) },
        PayoutSettled e when ReopenedPayouts.ContainsKey(e.PayoutId) => this with
        {
            PaidOut = PaidOut + e.Amount, ReopenedPayouts = ReopenedPayouts.Remove(e.PayoutId),
        },
        PayoutFailed e when ReopenedPayouts.ContainsKey(e.PayoutId) => this with
        {
            ReopenedPayouts = ReopenedPayouts.Remove(e.PayoutId), FailedPayouts = FailedPayouts.Add(e.PayoutId),
        },
        _ => this,
    };
}
