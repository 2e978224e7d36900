using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Providers;
using static IndieGent.Ledger.Tests.AccountBuilder;

namespace IndieGent.Ledger.Tests;

/// <summary>
/// The books of a net sweep and a payout: a sweep takes everything captured and not yet swept, per
/// provider, one at a time; a failed one gives its shares back for the next; a provider is paid out
/// only what its confirmed sweeps brought in, one payout at a time; nothing is booked twice.
/// </summary>
public sealed class When_marketplace_money_is_swept_and_paid_out
{
    private const string ProviderA = "0x00000000000000000000000000000000000000aa";
    private const string ProviderB = "0x00000000000000000000000000000000000000bb";

    private static AgentAccount Called(AgentAccount account, string provider, long amount)
    {
        var reserve = Reserve(amount, provider, "provider.example") with { Kind = HoldKind.Marketplace };
        account = account.Fold(AgentAccountDecider.Decide(account, reserve));
        return account.Fold(AgentAccountDecider.Decide(account, new CaptureHold(reserve.PaymentId, amount, null, null, Noon, HoldKind.Marketplace)));
    }

    [Fact]
    public void A_sweep_takes_every_providers_unswept_calls_once_and_changes_nothing_the_agent_can_spend()
    {
        var account = Called(Called(Called(Funded(1_000), ProviderA, 100), ProviderB, 250), ProviderA, 50);
        Assert.Equal(400, account.MarketplaceUnswept);
        Assert.Equal(150, account.UnsweptByProvider[ProviderA]);

        // Below the minimum: nothing starts.
        Assert.Empty(AgentAccountDecider.Decide(account, new StartSweep(401, Noon)));
        var started = Assert.IsType<MarketplaceSweepStarted>(Assert.Single(AgentAccountDecider.Decide(account, new StartSweep(400, Noon))));
        Assert.Equal(400, started.Amount);
        Assert.Equal([new ProviderShare(ProviderA, 150), new ProviderShare(ProviderB, 250)], started.Shares);
        Assert.Equal(SweepIds.For(account.AgentId, 0), started.SweepId);
        var available = account.Available;
        account = account.When(started);

        // One at a time: the calls captured meanwhile wait for the next sweep.
        account = Called(account, ProviderA, 30);
        Assert.Empty(AgentAccountDecider.Decide(account, new StartSweep(1, Noon)));
        Assert.Equal((430L, 30L), (account.MarketplaceUnswept, account.Sweepable));

        var swept = AgentAccountDecider.Decide(account, new FinishSweep(started.SweepId, true, 400, started.Shares, "0xsweep", 9, null, Noon));
        account = account.Fold(swept);
        Assert.Equal((30L, 30L, available - 30), (account.MarketplaceUnswept, account.Sweepable, account.Available));
        // Confirmed again (a redelivery): nothing more.
        Assert.Empty(AgentAccountDecider.Decide(account, new FinishSweep(started.SweepId, true, 400, started.Shares, "0xsweep", 9, null, Noon)));

        var next = Assert.IsType<MarketplaceSweepStarted>(Assert.Single(AgentAccountDecider.Decide(account, new StartSweep(1, Noon))));
        Assert.Equal(SweepIds.For(account.AgentId, 1), next.SweepId);
        Assert.Equal([new ProviderShare(ProviderA, 30)], next.Shares);
    }

    [Fact]
    public void A_failed_sweep_gives_its_shares_back_and_a_late_confirmation_follows_the_chain_once()
    {
        var account = Called(Funded(1_000), ProviderA, 200);
        var started = (MarketplaceSweepStarted)AgentAccountDecider.Decide(account, new StartSweep(1, Noon)).Single();
        account = account.When(started);
        account = account.Fold(AgentAccountDecider.Decide(account, new FinishSweep(started.SweepId, false, 200, started.Shares, null, null, "RelayLost", Noon)));
        Assert.Null(account.Sweep);
        Assert.Equal((200L, 200L, 200L), (account.MarketplaceUnswept, account.Sweepable, account.UnsweptByProvider[ProviderA]));

        var late = AgentAccountDecider.Decide(account, new FinishSweep(started.SweepId, true, 200, started.Shares, "0xlate", 12, null, Noon));
        account = account.Fold(Assert.Single(late) is MarketplaceSwept s ? [s] : []);
        Assert.Equal((0L, 0L), (account.MarketplaceUnswept, account.Sweepable));
        Assert.Empty(AgentAccountDecider.Decide(account, new FinishSweep(started.SweepId, true, 200, started.Shares, "0xlate", 12, null, Noon)));
    }

    [Fact]
    public void A_sweep_reorganised_out_is_in_flight_once_more_and_its_failure_gives_the_shares_back()
    {
        var account = Called(Called(Funded(1_000), ProviderA, 100), ProviderB, 60);
        var started = (MarketplaceSweepStarted)AgentAccountDecider.Decide(account, new StartSweep(1, Noon)).Single();
        account = account.When(started);
        account = account.Fold(AgentAccountDecider.Decide(account, new FinishSweep(started.SweepId, true, 160, started.Shares, "0xgone", 9, null, Noon)));
        var available = account.Available;

        var reopen = new ReopenSweep(started.SweepId, 160, started.Shares, "0xgone", Noon);
        account = account.Fold(Assert.Single(AgentAccountDecider.Decide(account, reopen)) is MarketplaceSweepReopened r ? [r] : []);
        // Back in the agent's wallet, yet not sweepable again: the same transaction is on its way.
        Assert.Equal((160L, 0L, available), (account.MarketplaceUnswept, account.Sweepable, account.Available));
        Assert.Empty(AgentAccountDecider.Decide(account, reopen));
        account = Called(account, ProviderA, 40);
        Assert.Equal([new ProviderShare(ProviderA, 40)], ((MarketplaceSweepStarted)AgentAccountDecider.Decide(account, new StartSweep(1, Noon)).Single()).Shares);

        account = account.Fold(AgentAccountDecider.Decide(account, new FinishSweep(started.SweepId, false, 160, started.Shares, null, null, "AuthorizationExpired", Noon)));
        Assert.Equal((200L, 200L, 140L, 60L), (account.MarketplaceUnswept, account.Sweepable, account.UnsweptByProvider[ProviderA], account.UnsweptByProvider[ProviderB]));
        Assert.Empty(account.ReopenedSweeps);
        // Neither a sweep under way nor one given up can be reopened (neither was booked as swept).
        Assert.Empty(AgentAccountDecider.Decide(account, reopen));
    }

    [Fact]
    public void A_payout_reorganised_out_is_owed_again_in_the_journal_until_it_is_paid_anew()
    {
        var id = ProviderAccounts.IdOf(ProviderA);
        var provider = ProviderAccount.Open(new ProviderAccountOpened(id, ProviderA, "usdc", Noon));
        var sweep = Guid.NewGuid();
        var booked = ProviderAccountDecider.Decide(provider, new BookSweptEarnings(sweep, Guid.NewGuid(), 300, Noon)).Single();
        provider = provider.When(booked);
        var started = (PayoutStarted)ProviderAccountDecider.Decide(provider, new StartPayout(1, Noon)).Single();
        provider = provider.When(started);
        var paid = ProviderAccountDecider.Decide(provider, new FinishPayout(started.PayoutId, true, 300, "0xpay", 4, null, Noon)).Single();
        provider = provider.When(paid);

        var reopen = new ReopenPayout(started.PayoutId, 300, "0xpay", Noon);
        var reopened = Assert.IsType<PayoutReopened>(Assert.Single(ProviderAccountDecider.Decide(provider, reopen)));
        provider = provider.When(reopened);
        Assert.Equal((0L, 300L, 0L), (provider.PaidOut, provider.Held, provider.ReadyToPay));
        Assert.Empty(ProviderAccountDecider.Decide(provider, reopen));
        Assert.Empty(ProviderAccountDecider.Decide(provider, new StartPayout(1, Noon)));

        var again = ProviderAccountDecider.Decide(provider, new FinishPayout(started.PayoutId, true, 300, "0xpay", 6, null, Noon)).Single();
        provider = provider.When(again);
        Assert.Equal((300L, 0L, 0L), (provider.PaidOut, provider.Held, provider.ReadyToPay));

        var journal = LedgerAccounts.ProviderJournal("usdc", ProviderA, [(1, booked), (2, started), (3, paid), (4, reopened), (5, again)]).ToList();
        Assert.Equal([JournalEntryKind.Payout, JournalEntryKind.PayoutReopened, JournalEntryKind.Payout], journal.Select(e => e.Kind));
        Assert.Equal(300, journal.Where(e => e.Credit == LedgerAccounts.PaidOut(ProviderA)).Sum(e => e.Amount) -
                          journal.Where(e => e.Debit == LedgerAccounts.PaidOut(ProviderA)).Sum(e => e.Amount));

        // A sweep's earnings taken back once, booked again when the sweep is confirmed anew.
        var taken = Assert.IsType<ProviderEarningsReopened>(Assert.Single(ProviderAccountDecider.Decide(provider, new ReopenSweptEarnings(sweep, 300, Noon))));
        provider = provider.When(taken);
        Assert.Equal(-300, provider.ReadyToPay);
        Assert.Empty(ProviderAccountDecider.Decide(provider, new ReopenSweptEarnings(sweep, 300, Noon)));
        provider = Fold(provider, ProviderAccountDecider.Decide(provider, new BookSweptEarnings(sweep, Guid.NewGuid(), 300, Noon)));
        Assert.Equal((0L, 300L), (provider.ReadyToPay, provider.Swept));
    }

    [Fact]
    public void A_disabled_agent_is_still_swept_for_the_calls_it_made()
    {
        var account = Called(Funded(1_000), ProviderA, 200);
        account = account.Fold(AgentAccountDecider.Decide(account, new DisableAccount(Noon)));
        Assert.IsType<MarketplaceSweepStarted>(Assert.Single(AgentAccountDecider.Decide(account, new StartSweep(1, Noon))));
    }

    [Fact]
    public void A_provider_is_paid_out_what_its_confirmed_sweeps_brought_once_from_the_minimum_up()
    {
        var id = ProviderAccounts.IdOf(ProviderA.ToUpperInvariant());
        Assert.Equal(ProviderAccounts.IdOf(ProviderA), id);
        var provider = ProviderAccount.Open(new ProviderAccountOpened(id, ProviderA, "0xtoken", Noon));
        Assert.Empty(ProviderAccountDecider.Decide(provider, new StartPayout(1, Noon)));

        var sweep = Guid.NewGuid();
        provider = Fold(provider, ProviderAccountDecider.Decide(provider, new BookSweptEarnings(sweep, Guid.NewGuid(), 150, Noon)));
        Assert.Empty(ProviderAccountDecider.Decide(provider, new BookSweptEarnings(sweep, Guid.NewGuid(), 150, Noon)));
        Assert.Empty(ProviderAccountDecider.Decide(provider, new StartPayout(151, Noon)));

        var payout = Assert.IsType<PayoutStarted>(Assert.Single(ProviderAccountDecider.Decide(provider, new StartPayout(150, Noon))));
        provider = provider.When(payout);
        provider = Fold(provider, ProviderAccountDecider.Decide(provider, new BookSweptEarnings(Guid.NewGuid(), Guid.NewGuid(), 40, Noon)));
        // One at a time; what arrived meanwhile waits.
        Assert.Empty(ProviderAccountDecider.Decide(provider, new StartPayout(1, Noon)));
        Assert.Equal((40L, 190L), (provider.ReadyToPay, provider.Held));

        provider = Fold(provider, ProviderAccountDecider.Decide(provider, new FinishPayout(payout.PayoutId, true, 150, "0xpay", 3, null, Noon)));
        Assert.Equal((190L, 150L, 40L, 40L), (provider.Swept, provider.PaidOut, provider.Held, provider.ReadyToPay));
        Assert.Empty(ProviderAccountDecider.Decide(provider, new FinishPayout(payout.PayoutId, true, 150, "0xpay", 3, null, Noon)));

        // A failed payout releases its amount for the next one, under a new id.
        var second = (PayoutStarted)ProviderAccountDecider.Decide(provider, new StartPayout(1, Noon)).Single();
        provider = provider.When(second);
        provider = Fold(provider, ProviderAccountDecider.Decide(provider, new FinishPayout(second.PayoutId, false, 40, null, null, "AuthorizationExpired", Noon)));
        Assert.Equal(40, provider.ReadyToPay);
        var third = (PayoutStarted)ProviderAccountDecider.Decide(provider, new StartPayout(1, Noon)).Single();
        Assert.NotEqual(second.PayoutId, third.PayoutId);
    }

    [Fact]
    public void In_the_journal_a_providers_account_holds_what_it_earned_less_what_was_paid_out()
    {
        var account = Funded(1_000);
        var reserve = Reserve(300, ProviderA, "provider.example") with { Kind = HoldKind.Marketplace };
        var held = AgentAccountDecider.Decide(account, reserve).Single();
        account = account.When(held);
        var captured = AgentAccountDecider.Decide(account, new CaptureHold(reserve.PaymentId, 300, null, null, Noon, HoldKind.Marketplace)).Single();
        var agentJournal = LedgerAccounts.Journal("usdc", [(1, held), (2, captured)]);

        var id = ProviderAccounts.IdOf(ProviderA);
        var provider = ProviderAccount.Open(new ProviderAccountOpened(id, ProviderA, "usdc", Noon));
        var booked = ProviderAccountDecider.Decide(provider, new BookSweptEarnings(Guid.NewGuid(), account.AgentId, 300, Noon)).Single();
        provider = provider.When(booked);
        var started = (PayoutStarted)ProviderAccountDecider.Decide(provider, new StartPayout(1, Noon)).Single();
        provider = provider.When(started);
        var settled = ProviderAccountDecider.Decide(provider, new FinishPayout(started.PayoutId, true, 300, "0xpay", 4, null, Noon)).Single();
        var providerJournal = LedgerAccounts.ProviderJournal("usdc", ProviderA, [(1, booked), (2, started), (3, settled)]);

        var entries = agentJournal.Concat(providerJournal).ToList();
        long BalanceOf(string ledgerAccount) => entries.Where(e => e.Credit == ledgerAccount).Sum(e => e.Amount) -
                                                entries.Where(e => e.Debit == ledgerAccount).Sum(e => e.Amount);
        Assert.Equal(0, BalanceOf(LedgerAccounts.Provider(ProviderA)));
        Assert.Equal(300, BalanceOf(LedgerAccounts.PaidOut(ProviderA)));
        Assert.Equal(-300, BalanceOf(LedgerAccounts.Agent(account.AgentId)));
        Assert.Single(entries, e => e.Kind == JournalEntryKind.Payout && e.Reference == "0xpay");
    }

    private static ProviderAccount Fold(ProviderAccount account, IEnumerable<object> events) => events.Aggregate(account, (state, e) => state.When(e));
}
