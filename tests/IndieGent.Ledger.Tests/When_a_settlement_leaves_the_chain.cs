using IndieGent.Ledger.Accounts;
using static IndieGent.Ledger.Tests.AccountBuilder;

namespace IndieGent.Ledger.Tests;

/// <summary>
/// A captured payment whose transaction a reorganisation removed: the capture is reopened once (held again, not
/// spendable), then captured again when the chain settles it anew or released when it fails; the journal follows each step
/// and every account in it nets out.
/// </summary>
public sealed class When_a_settlement_leaves_the_chain
{
    private const string Partner = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";

    [Fact]
    public void The_capture_is_reopened_once_and_captured_again_when_the_payment_settles_anew()
    {
        var (account, events, reserve) = Captured(400, shares: null);
        var reopen = new ReopenCapture(reserve.PaymentId, 400, Merchant, "api.example.com", Noon, "0xgone", Noon.AddMinutes(1));

        var reopened = AgentAccountDecider.Decide(account, reopen);
        account = account.Fold(reopened);
        events.AddRange(reopened);

        Assert.IsType<CaptureReopened>(Assert.Single(reopened));
        Assert.Equal((600L, 0L, 400L), (account.Available, account.PostedDebits, account.PendingDebits));
        Assert.Equal(400, account.SpentOn(DateOnly.FromDateTime(Noon.UtcDateTime)));
        Assert.Empty(AgentAccountDecider.Decide(account, reopen));

        var again = AgentAccountDecider.Decide(account, new CaptureHold(reserve.PaymentId, 400, "0xnew", 12, Noon.AddMinutes(2)));
        account = account.Fold(again);
        events.AddRange(again);

        Assert.Equal((600L, 400L, 0L), (account.Available, account.PostedDebits, account.PendingDebits));
        var journal = Journal(events);
        var back = Assert.Single(journal, e => e.Kind == JournalEntryKind.CaptureReopened);
        Assert.Equal((LedgerAccounts.Merchant(Merchant), LedgerAccounts.Pending(account.AgentId), 400L, "0xgone"), (back.Debit, back.Credit, back.Amount, back.Reference));
        Assert.Equal(400, Net(journal, LedgerAccounts.Merchant(Merchant)));
        Assert.Equal(0, Net(journal, LedgerAccounts.Pending(account.AgentId)));
    }

    [Fact]
    public void A_reopened_payment_that_fails_gives_the_money_back_to_the_agent_and_its_budget()
    {
        var (account, events, reserve) = Captured(400, shares: null);
        var reopened = AgentAccountDecider.Decide(account, new ReopenCapture(reserve.PaymentId, 400, Merchant, null, Noon, "0xgone", Noon));
        account = account.Fold(reopened);
        events.AddRange(reopened);

        var voided = AgentAccountDecider.Decide(account, new VoidHold(reserve.PaymentId, "AuthorizationExpired", Noon));
        account = account.Fold(voided);
        events.AddRange(voided);

        Assert.Equal((1_000L, 0L, 0L), (account.Available, account.PostedDebits, account.PendingDebits));
        Assert.Equal(0, account.SpentOn(DateOnly.FromDateTime(Noon.UtcDateTime)));
        var journal = Journal(events);
        Assert.Equal(0, Net(journal, LedgerAccounts.Merchant(Merchant)));
        // The hold took 400 from the agent's funds and the void gave them back (the credit is not in these events).
        Assert.Equal(0, Net(journal, LedgerAccounts.Agent(account.AgentId)));
        Assert.Equal(0, Net(journal, LedgerAccounts.Pending(account.AgentId)));
    }

    [Fact]
    public void Each_share_of_a_split_payment_goes_back_to_pending()
    {
        var (account, events, reserve) = Captured(400, [new RecipientShare(Merchant, 300), new RecipientShare(Partner, 100)]);
        events.AddRange(AgentAccountDecider.Decide(account, new ReopenCapture(reserve.PaymentId, 400, Merchant, null, Noon, "0xgone", Noon)));

        var journal = Journal(events);
        Assert.Equal([(LedgerAccounts.Merchant(Merchant), 300L), (LedgerAccounts.Merchant(Partner), 100L)],
            journal.Where(e => e.Kind == JournalEntryKind.CaptureReopened).Select(e => (e.Debit, e.Amount)));
        Assert.Equal(journal.Count, journal.Select(e => e.EntryId).Distinct().Count());
        Assert.Equal(0, Net(journal, LedgerAccounts.Merchant(Partner)));
        Assert.Equal(400, Net(journal, LedgerAccounts.Pending(account.AgentId)));
    }

    [Fact]
    public void A_payment_not_captured_here_is_not_reopened()
    {
        var account = Funded(1_000);
        var reserve = Reserve(400);
        account = account.Fold(AgentAccountDecider.Decide(account, reserve));

        Assert.Empty(AgentAccountDecider.Decide(account, new ReopenCapture(reserve.PaymentId, 400, Merchant, null, Noon, "0xgone", Noon)));
        Assert.Empty(AgentAccountDecider.Decide(account, new ReopenCapture(Guid.NewGuid(), 400, Merchant, null, Noon, "0xgone", Noon)));
    }

    private static (AgentAccount Account, List<object> Events, ReserveFunds Reserve) Captured(long amount, IReadOnlyList<RecipientShare>? shares)
    {
        var account = Funded(1_000);
        var reserve = shares is null ? Reserve(amount) : Reserve(amount) with { AlsoPays = [Partner] };
        var events = new List<object>(AgentAccountDecider.Decide(account, reserve));
        account = account.Fold(events);
        var captured = AgentAccountDecider.Decide(account, new CaptureHold(reserve.PaymentId, amount, "0xgone", 9, Noon, HoldKind.Payment, shares));
        events.AddRange(captured);
        return (account.Fold(captured), events, reserve);
    }

    private static List<JournalEntry> Journal(List<object> events) =>
        LedgerAccounts.Journal("usdc", events.Select((e, i) => ((long)i + 1, e))).ToList();

    // What the journal left in a ledger account: credits in, less debits out.
    private static long Net(List<JournalEntry> journal, string account) =>
        journal.Where(e => e.Credit == account).Sum(e => e.Amount) - journal.Where(e => e.Debit == account).Sum(e => e.Amount);
}
