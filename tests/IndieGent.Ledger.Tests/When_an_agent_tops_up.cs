using IndieGent.Ledger.Accounts;
using static IndieGent.Ledger.Tests.AccountBuilder;

namespace IndieGent.Ledger.Tests;

/// <summary>Auto-top-up is decided with the reservation: one per crossing, none while one is under way, never past the daily maximum.</summary>
public sealed class When_an_agent_tops_up
{
    private static readonly SpendingPolicy Rule = SpendingPolicy.Unrestricted with { AutoTopUp = new AutoTopUpRule(Threshold: 500, Target: 2_000, DailyMaximum: 3_000) };

    private static (AgentAccount, IReadOnlyList<object>) Pay(AgentAccount account, long amount, DateTimeOffset? at = null)
    {
        var events = AgentAccountDecider.Decide(account, Reserve(amount, at: at));
        return (account.Fold(events), events);
    }

    [Fact]
    public void The_reservation_that_crosses_the_threshold_starts_one_top_up_to_the_target()
    {
        var (account, events) = Pay(Funded(1_000, Rule), 400);
        Assert.IsType<HoldPlaced>(Assert.Single(events));

        (account, events) = Pay(account, 200);
        Assert.IsType<HoldPlaced>(events[0]);
        var topUp = Assert.IsType<TopUpTriggered>(events[1]);
        Assert.Equal((1_600, 400L), (topUp.Amount, topUp.AvailableAfter));
        Assert.Equal(topUp.TopUpId, account.TopUpInFlight);
        Assert.Equal(TopUpIds.For(account.AgentId, topUp.PaymentId), topUp.TopUpId);

        // Below the threshold already, and one under way: further payments start nothing.
        (account, events) = Pay(account, 100);
        Assert.IsType<HoldPlaced>(Assert.Single(events));
    }

    [Fact]
    public void Once_settled_and_funded_again_the_next_crossing_starts_the_next_one()
    {
        var (account, events) = Pay(Funded(1_000, Rule), 600);
        var first = Assert.IsType<TopUpTriggered>(events[1]);
        account = account.Fold(AgentAccountDecider.Decide(account, new FinishTopUp(first.TopUpId, true, "0xtx", null, null, Noon)));
        Assert.Null(account.TopUpInFlight);
        account = account.When(new FundsCredited(account.AgentId, "deposit-2", first.Amount, CreditSource.Deposit, "0xtx", Noon));

        (account, events) = Pay(account, 1_600);
        var second = Assert.IsType<TopUpTriggered>(events[1]);
        Assert.NotEqual(first.TopUpId, second.TopUpId);
        // 1,600 already today: 1,400 of the day's 3,000 are left, less than the 1,600 to the target.
        Assert.Equal(1_400, second.Amount);
    }

    [Fact]
    public void At_the_daily_maximum_a_crossing_is_skipped_and_tomorrow_counts_afresh()
    {
        var rule = SpendingPolicy.Unrestricted with { AutoTopUp = new AutoTopUpRule(500, 2_000, 1_500) };
        var (account, events) = Pay(Funded(1_000, rule), 600);
        var first = Assert.IsType<TopUpTriggered>(events[1]);
        Assert.Equal(1_500, first.Amount);
        account = account.Fold(AgentAccountDecider.Decide(account, new FinishTopUp(first.TopUpId, true, "0xtx", null, null, Noon)));
        account = account.When(new FundsCredited(account.AgentId, "deposit-2", 1_500, CreditSource.Deposit, "0xtx", Noon));

        (account, events) = Pay(account, 1_600);
        var skipped = Assert.IsType<TopUpSkipped>(events[1]);
        Assert.Equal((1_500L, 1_500L), (skipped.ToppedUpToday, skipped.DailyMaximum));
        Assert.Null(account.TopUpInFlight);

        account = account.When(new FundsCredited(account.AgentId, "deposit-3", 2_000, CreditSource.Deposit, "0xtx", Noon));
        (_, events) = Pay(account, 2_000, Noon.AddDays(1));
        Assert.IsType<TopUpTriggered>(events[1]);
    }

    [Fact]
    public void A_failed_top_up_gives_its_amount_back_to_the_day_and_frees_the_next_crossing()
    {
        var (account, events) = Pay(Funded(1_000, Rule), 600);
        var topUp = Assert.IsType<TopUpTriggered>(events[1]);
        Assert.Equal(1_600, account.ToppedUpOn(DateOnly.FromDateTime(Noon.UtcDateTime)));

        var failed = AgentAccountDecider.Decide(account, new FinishTopUp(topUp.TopUpId, false, null, "treasury-insufficient-funds", "short", Noon));
        Assert.IsType<TopUpFailed>(Assert.Single(failed));
        account = account.Fold(failed);
        Assert.Null(account.TopUpInFlight);
        Assert.Equal(0, account.ToppedUpOn(DateOnly.FromDateTime(Noon.UtcDateTime)));
        // Finishing it again, or another transfer, changes nothing.
        Assert.Empty(AgentAccountDecider.Decide(account, new FinishTopUp(topUp.TopUpId, true, "0xtx", null, null, Noon)));
        Assert.Empty(AgentAccountDecider.Decide(account, new FinishTopUp(Guid.NewGuid(), false, null, "x", "y", Noon)));
    }

    [Fact]
    public void Without_a_rule_nothing_starts() =>
        Assert.IsType<HoldPlaced>(Assert.Single(AgentAccountDecider.Decide(Funded(1_000), Reserve(900))));
}
