using IndieGent.Ledger.Accounts;
using static IndieGent.Ledger.Tests.AccountBuilder;

namespace IndieGent.Ledger.Tests;

/// <summary>A deposit a reorganisation removed: its credit is reversed once, even when the agent already spent it, and the journal says so.</summary>
public sealed class When_a_deposit_leaves_the_chain
{
    private static readonly CreditFunds Deposit = new("31337:0xtx:3", 500, CreditSource.Deposit, "0xtx", Noon);

    [Fact]
    public void Its_credit_is_reversed_once_and_the_journal_moves_it_back_to_custody()
    {
        var account = Funded(0);
        var credited = AgentAccountDecider.Decide(account, Deposit);
        account = account.Fold(credited);
        var reverse = new ReverseCredit(Deposit.EntryId, 500, "reorganised out", "0xtx", Noon);

        var reversed = AgentAccountDecider.Decide(account, reverse);
        account = account.Fold(reversed);

        Assert.IsType<CreditReversed>(Assert.Single(reversed));
        Assert.Equal(0, account.Available);
        Assert.Empty(AgentAccountDecider.Decide(account, reverse));
        var journal = LedgerAccounts.Journal("usdc", [(1, credited.Single()), (2, reversed.Single())]).ToList();
        var entry = Assert.Single(journal, e => e.Kind == JournalEntryKind.CreditReversed);
        Assert.Equal((LedgerAccounts.Agent(account.AgentId), LedgerAccounts.Custody("usdc"), 500L), (entry.Debit, entry.Credit, entry.Amount));
        // Every account nets to zero across the journal: custody gave and took back the same.
        Assert.All(journal.SelectMany(e => new[] { (e.Debit, -e.Amount), (e.Credit, e.Amount) }).GroupBy(x => x.Item1),
            g => Assert.Equal(0, g.Sum(x => x.Item2)));
    }

    [Fact]
    public void A_credit_already_spent_leaves_the_account_below_zero_and_nothing_more_can_be_reserved()
    {
        var account = Funded(0);
        account = account.Fold(AgentAccountDecider.Decide(account, Deposit));
        var reserve = Reserve(400);
        account = account.Fold(AgentAccountDecider.Decide(account, reserve));
        account = account.Fold(AgentAccountDecider.Decide(account, new CaptureHold(reserve.PaymentId, 400, "0xpaid", 7, Noon)));

        account = account.Fold(AgentAccountDecider.Decide(account, new ReverseCredit(Deposit.EntryId, 500, "reorganised out", "0xtx", Noon)));

        Assert.Equal(-400, account.Available);
        Assert.Equal(DenialReason.InsufficientFunds,
            Assert.IsType<ReservationDenied>(Assert.Single(AgentAccountDecider.Decide(account, Reserve(1)))).Reason);
    }

    [Fact]
    public void A_credit_never_made_is_not_reversed()
    {
        var account = Funded(1_000);
        Assert.Empty(AgentAccountDecider.Decide(account, new ReverseCredit("31337:0xother:0", 500, "reorganised out", "0xother", Noon)));
    }
}
