using CsCheck;
using IndieGent.Ledger.Accounts;
using static IndieGent.Ledger.Tests.AccountBuilder;

namespace IndieGent.Ledger.Tests;

/// <summary>
/// Random sequences of reservations, captures and voids over random policies: whatever happens,
/// pending + posted debits never exceed credits, and the spend of any day never exceeds the budget.
/// </summary>
public sealed class Account_invariants
{
    private abstract record Step;
    private sealed record ReserveStep(long Amount, int DayOffset) : Step;
    private sealed record CaptureStep(int Pick, bool Partial) : Step;
    private sealed record VoidStep(int Pick) : Step;

    private static readonly Gen<Step> GenStep = Gen.OneOf<Step>(
        Gen.Select(Gen.Long[1, 400], Gen.Int[0, 3], (a, d) => (Step)new ReserveStep(a, d)),
        Gen.Select(Gen.Int[0, 50], Gen.Bool, (p, partial) => (Step)new CaptureStep(p, partial)),
        Gen.Int[0, 50].Select(p => (Step)new VoidStep(p)));

    [Fact]
    public void Posted_plus_pending_never_exceed_credits_or_any_cap()
    {
        Gen.Select(Gen.Long[0, 2_000], Gen.Long[50, 1_000].Nullable(), Gen.Long[1, 400].Nullable(), GenStep.Array[1, 60])
            .Sample((credits, daily, perPayment, steps) =>
            {
                var policy = SpendingPolicy.Unrestricted with { DailyBudget = daily, MaxPerPayment = perPayment };
                var account = Funded(credits, policy);
                foreach (var step in steps)
                {
                    IReadOnlyList<object> events = step switch
                    {
                        ReserveStep r => AgentAccountDecider.Decide(account, Reserve(r.Amount, at: Noon.AddDays(r.DayOffset))),
                        CaptureStep c when account.OpenHolds.Count > 0 => Pick(account, c.Pick) is var h
                            ? AgentAccountDecider.Decide(account, new CaptureHold(h.PaymentId, c.Partial ? h.Amount / 2 : h.Amount, "0x", 1, Noon))
                            : [],
                        VoidStep v when account.OpenHolds.Count > 0 =>
                            AgentAccountDecider.Decide(account, new VoidHold(Pick(account, v.Pick).PaymentId, "test", Noon)),
                        _ => [],
                    };
                    account = account.Fold(events);

                    if (account.PostedDebits + account.PendingDebits > account.Credits)
                        return false;
                    if (daily is { } d && account.SpendPerDay.Values.Any(spent => spent > d))
                        return false;
                    if (account.PendingDebits != account.OpenHolds.Values.Sum(h => h.Amount))
                        return false;
                }
                return true;
            }, iter: 2_000);
    }

    private static Hold Pick(AgentAccount account, int index) =>
        account.OpenHolds.Values.OrderBy(h => h.PaymentId).ElementAt(index % account.OpenHolds.Count);
}
