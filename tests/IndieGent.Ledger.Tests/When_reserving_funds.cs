using IndieGent.Ledger.Accounts;
using static IndieGent.Ledger.Tests.AccountBuilder;

namespace IndieGent.Ledger.Tests;

public sealed class When_reserving_funds
{
    private static DenialReason Denial(IReadOnlyList<object> events) =>
        Assert.IsType<ReservationDenied>(Assert.Single(events)).Reason;

    [Fact]
    public void A_funded_account_places_a_hold_and_the_amount_becomes_pending()
    {
        var account = Funded(1_000);
        var events = AgentAccountDecider.Decide(account, Reserve(400));

        var hold = Assert.IsType<HoldPlaced>(Assert.Single(events));
        var after = account.Fold(events);
        Assert.Equal(400, hold.Amount);
        Assert.Equal(400, after.PendingDebits);
        Assert.Equal(600, after.Available);
        Assert.Equal(1_000, after.Posted);
    }

    [Fact]
    public void More_than_is_available_is_denied_as_insufficient_funds()
    {
        var account = Funded(1_000);
        account = account.Fold(AgentAccountDecider.Decide(account, Reserve(700)));
        Assert.Equal(DenialReason.InsufficientFunds, Denial(AgentAccountDecider.Decide(account, Reserve(301))));
        Assert.IsType<HoldPlaced>(Assert.Single(AgentAccountDecider.Decide(account, Reserve(300))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_non_positive_amount_is_denied(long amount) =>
        Assert.Equal(DenialReason.InvalidAmount, Denial(AgentAccountDecider.Decide(Funded(1_000), Reserve(amount))));

    [Fact]
    public void A_payment_over_the_per_payment_limit_is_denied() =>
        Assert.Equal(DenialReason.ExceedsPerPaymentLimit, Denial(AgentAccountDecider.Decide(
            Funded(1_000, SpendingPolicy.Unrestricted with { MaxPerPayment = 100 }), Reserve(101))));

    [Fact]
    public void The_daily_budget_counts_pending_and_posted_spend_of_the_same_utc_day()
    {
        var account = Funded(10_000, SpendingPolicy.Unrestricted with { DailyBudget = 500 });
        var first = Reserve(300);
        account = account.Fold(AgentAccountDecider.Decide(account, first));
        account = account.Fold(AgentAccountDecider.Decide(account, new CaptureHold(first.PaymentId, 300, "0xabc", 7, Noon)));

        Assert.Equal(DenialReason.ExceedsDailyBudget, Denial(AgentAccountDecider.Decide(account, Reserve(201))));
        Assert.IsType<HoldPlaced>(Assert.Single(AgentAccountDecider.Decide(account, Reserve(200))));
        Assert.IsType<HoldPlaced>(Assert.Single(AgentAccountDecider.Decide(account, Reserve(500, at: Noon.AddDays(1)))));
    }

    [Fact]
    public void The_monthly_budget_spans_the_calendar_month()
    {
        var account = Funded(10_000, SpendingPolicy.Unrestricted with { MonthlyBudget = 1_000 });
        account = account.Fold(AgentAccountDecider.Decide(account, Reserve(900, at: new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero))));

        Assert.Equal(DenialReason.ExceedsMonthlyBudget, Denial(AgentAccountDecider.Decide(account, Reserve(101, at: new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero)))));
        Assert.IsType<HoldPlaced>(Assert.Single(AgentAccountDecider.Decide(account, Reserve(1_000, at: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)))));
    }

    [Fact]
    public void A_voided_hold_releases_both_the_funds_and_the_budget()
    {
        var account = Funded(1_000, SpendingPolicy.Unrestricted with { DailyBudget = 600 });
        var reserve = Reserve(600);
        account = account.Fold(AgentAccountDecider.Decide(account, reserve));
        account = account.Fold(AgentAccountDecider.Decide(account, new VoidHold(reserve.PaymentId, "expired", Noon)));

        Assert.Equal(0, account.PendingDebits);
        Assert.Equal(1_000, account.Available);
        Assert.Equal(0, account.SpentOn(DateOnly.FromDateTime(Noon.UtcDateTime)));
        Assert.IsType<HoldPlaced>(Assert.Single(AgentAccountDecider.Decide(account, Reserve(600))));
    }

    [Fact]
    public void A_denied_recipient_is_refused_even_when_it_is_written_in_another_case()
    {
        var policy = SpendingPolicy.Unrestricted with { DeniedRecipients = [Merchant.ToUpperInvariant().Replace("0X", "0x")] };
        Assert.Equal(DenialReason.RecipientDenied, Denial(AgentAccountDecider.Decide(Funded(1_000, policy), Reserve(1))));
    }

    [Fact]
    public void Only_allowed_recipients_can_be_paid_when_an_allow_list_exists()
    {
        var policy = SpendingPolicy.Unrestricted with { AllowedRecipients = ["0x2222222222222222222222222222222222222222"] };
        Assert.Equal(DenialReason.RecipientNotAllowed, Denial(AgentAccountDecider.Decide(Funded(1_000, policy), Reserve(1))));
        Assert.IsType<HoldPlaced>(Assert.Single(AgentAccountDecider.Decide(Funded(1_000, policy), Reserve(1, "0x2222222222222222222222222222222222222222"))));
    }

    [Theory]
    [InlineData("evil.example", "evil.example", DenialReason.HostDenied)]
    [InlineData("api.evil.example", "evil.example", DenialReason.HostDenied)]
    public void Denied_hosts_cover_their_subdomains(string host, string denied, DenialReason expected) =>
        Assert.Equal(expected, Denial(AgentAccountDecider.Decide(
            Funded(1_000, SpendingPolicy.Unrestricted with { DeniedHosts = [denied] }), Reserve(1, host: host))));

    [Fact]
    public void A_host_that_merely_ends_with_an_allowed_name_is_not_allowed()
    {
        var policy = SpendingPolicy.Unrestricted with { AllowedHosts = ["example.com"] };
        Assert.Equal(DenialReason.HostNotAllowed, Denial(AgentAccountDecider.Decide(Funded(1_000, policy), Reserve(1, host: "badexample.com"))));
        Assert.IsType<HoldPlaced>(Assert.Single(AgentAccountDecider.Decide(Funded(1_000, policy), Reserve(1, host: "api.example.com"))));
    }

    [Fact]
    public void A_disabled_account_cannot_reserve()
    {
        var account = Funded(1_000);
        account = account.When(new AccountDisabled(account.AgentId, Noon));
        Assert.Equal(DenialReason.AccountDisabled, Denial(AgentAccountDecider.Decide(account, Reserve(1))));
    }

    [Fact]
    public void A_payment_above_the_approval_threshold_holds_the_funds_and_waits_for_the_operator()
    {
        var account = Funded(1_000, SpendingPolicy.Unrestricted with { ApprovalThreshold = 100 });
        var reserve = Reserve(150);
        var hold = Assert.IsType<HoldPlaced>(Assert.Single(AgentAccountDecider.Decide(account, reserve)));
        Assert.True(hold.AwaitingApproval);

        account = account.When(hold);
        Assert.IsType<HoldApproved>(Assert.Single(AgentAccountDecider.Decide(account, new ApproveHold(reserve.PaymentId, Noon))));
        account = account.Fold(AgentAccountDecider.Decide(account, new ApproveHold(reserve.PaymentId, Noon)));
        Assert.Empty(AgentAccountDecider.Decide(account, new ApproveHold(reserve.PaymentId, Noon)));
        Assert.False(account.OpenHolds[reserve.PaymentId].AwaitingApproval);
    }

    [Fact]
    public void The_same_payment_is_decided_once_whatever_is_redelivered()
    {
        var account = Funded(1_000);
        var reserve = Reserve(100);
        account = account.Fold(AgentAccountDecider.Decide(account, reserve));
        Assert.Empty(AgentAccountDecider.Decide(account, reserve));

        account = account.Fold(AgentAccountDecider.Decide(account, new CaptureHold(reserve.PaymentId, 100, "0xabc", 1, Noon)));
        Assert.Empty(AgentAccountDecider.Decide(account, new CaptureHold(reserve.PaymentId, 100, "0xabc", 1, Noon)));
        Assert.Empty(AgentAccountDecider.Decide(account, reserve));
        Assert.Empty(AgentAccountDecider.Decide(account, new VoidHold(reserve.PaymentId, "late", Noon)));
        Assert.Equal(100, account.PostedDebits);
    }

    [Fact]
    public void A_deposit_is_credited_once_per_entry()
    {
        var account = Funded(0);
        var credit = new CreditFunds("0xtx:3", 500, CreditSource.Deposit, "0xtx", Noon);
        account = account.Fold(AgentAccountDecider.Decide(account, credit));
        Assert.Empty(AgentAccountDecider.Decide(account, credit));
        Assert.Equal(500, account.Available);
    }

    [Fact]
    public void A_settlement_seen_after_its_hold_was_voided_is_still_posted_so_the_ledger_matches_the_chain()
    {
        var account = Funded(1_000);
        var reserve = Reserve(100);
        account = account.Fold(AgentAccountDecider.Decide(account, reserve));
        account = account.Fold(AgentAccountDecider.Decide(account, new VoidHold(reserve.PaymentId, "authorization expired", Noon)));
        account = account.Fold(AgentAccountDecider.Decide(account, new CaptureHold(reserve.PaymentId, 100, "0xlate", 9, Noon)));

        Assert.Equal(100, account.PostedDebits);
        Assert.Equal(900, account.Available);
    }

    [Fact]
    public void Capturing_more_than_was_held_is_refused()
    {
        var account = Funded(1_000);
        var reserve = Reserve(100);
        account = account.Fold(AgentAccountDecider.Decide(account, reserve));
        Assert.Throws<InvalidOperationException>(() => AgentAccountDecider.Decide(account, new CaptureHold(reserve.PaymentId, 101, "0x", 1, Noon)));
    }
}
