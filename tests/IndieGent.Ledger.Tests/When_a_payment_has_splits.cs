using IndieGent.Ledger.Accounts;
using static IndieGent.Ledger.Tests.AccountBuilder;

namespace IndieGent.Ledger.Tests;

/// <summary>A permit2 payment paying several recipients: the recipient lists apply to each, and the journal credits each its share.</summary>
public sealed class When_a_payment_has_splits
{
    private const string Partner = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";

    private static ReserveFunds WithSplit(long amount) => Reserve(amount) with { AlsoPays = [Partner] };

    [Fact]
    public void A_split_recipient_on_the_deny_list_or_off_the_allow_list_is_refused()
    {
        Assert.Equal(DenialReason.RecipientDenied, Denial(Funded(1_000, SpendingPolicy.Unrestricted with { DeniedRecipients = [Partner] }), WithSplit(100)));
        Assert.Equal(DenialReason.RecipientNotAllowed, Denial(Funded(1_000, SpendingPolicy.Unrestricted with { AllowedRecipients = [Merchant] }), WithSplit(100)));
        Assert.IsType<HoldPlaced>(Assert.Single(AgentAccountDecider.Decide(Funded(1_000, SpendingPolicy.Unrestricted with { AllowedRecipients = [Merchant, Partner] }),
            WithSplit(100))));

        static DenialReason Denial(AgentAccount account, ReserveFunds reserve) =>
            Assert.IsType<ReservationDenied>(Assert.Single(AgentAccountDecider.Decide(account, reserve))).Reason;
    }

    [Fact]
    public void Its_capture_credits_each_recipient_its_share_and_the_journal_stays_balanced()
    {
        var account = Funded(1_000);
        var reserve = WithSplit(400);
        var held = AgentAccountDecider.Decide(account, reserve);
        account = account.Fold(held);
        var captured = AgentAccountDecider.Decide(account, new CaptureHold(reserve.PaymentId, 400, "0xtx", 9, Noon, HoldKind.Payment,
            [new RecipientShare(Merchant, 300), new RecipientShare(Partner, 100)]));
        account = account.Fold(captured);

        Assert.Equal((600L, 400L), (account.Available, account.PostedDebits));
        var journal = LedgerAccounts.Journal("usdc", [(1, held.Single()), (2, captured.Single())]).ToList();
        var payees = journal.Where(e => e.Kind == JournalEntryKind.HoldCaptured).Select(e => (e.Credit, e.Amount)).ToList();
        Assert.Equal([(LedgerAccounts.Merchant(Merchant), 300L), (LedgerAccounts.Merchant(Partner), 100L)], payees);
        Assert.Equal(journal.Count, journal.Select(e => e.EntryId).Distinct().Count());
        Assert.Equal(0, journal.SelectMany(e => new[] { (e.Debit, -e.Amount), (e.Credit, e.Amount) })
            .Where(x => x.Item1 == LedgerAccounts.Pending(account.AgentId)).Sum(x => x.Item2));
    }

    [Fact]
    public void Shares_that_do_not_add_up_to_the_capture_are_refused()
    {
        var account = Funded(1_000);
        var reserve = WithSplit(400);
        account = account.Fold(AgentAccountDecider.Decide(account, reserve));
        Assert.Throws<InvalidOperationException>(() => AgentAccountDecider.Decide(account, new CaptureHold(reserve.PaymentId, 400, "0xtx", 9, Noon,
            HoldKind.Payment, [new RecipientShare(Merchant, 300), new RecipientShare(Partner, 50)])));
    }
}
