using IndieGent.Ledger.Accounts;
using static IndieGent.Ledger.Tests.AccountBuilder;

namespace IndieGent.Ledger.Tests;

/// <summary>
/// A marketplace call is spending like a payment (every rule, every budget), captured to the
/// provider's ledger account without a transaction, and remembered as unswept: the wallet on
/// chain holds posted + unswept until a sweep moves it.
/// </summary>
public sealed class When_an_agent_calls_the_marketplace
{
    private const string Provider = "0x00000000000000000000000000000000000000aa";

    private static ReserveFunds Call(long amount) => Reserve(amount, Provider, "provider.example") with { Kind = HoldKind.Marketplace };

    [Fact]
    public void Its_hold_counts_toward_the_budget_and_its_capture_is_unswept_money_owed_to_the_provider()
    {
        var account = Funded(1_000, SpendingPolicy.Unrestricted with { DailyBudget = 500 });
        var reserve = Call(300);
        var held = Assert.IsType<HoldPlaced>(Assert.Single(AgentAccountDecider.Decide(account, reserve)));
        Assert.Equal(HoldKind.Marketplace, held.Kind);
        account = account.When(held);
        Assert.Equal(300, account.SpentOn(DateOnly.FromDateTime(Noon.UtcDateTime)));
        // The budget applies to the next call as to any payment.
        Assert.IsType<ReservationDenied>(Assert.Single(AgentAccountDecider.Decide(account, Call(201) with { PaymentId = Guid.NewGuid() })));

        var captured = AgentAccountDecider.Decide(account, new CaptureHold(reserve.PaymentId, 300, null, null, Noon, HoldKind.Marketplace));
        account = account.Fold(captured);
        Assert.Equal((700L, 300L, 700L), (account.Available, account.MarketplaceUnswept, account.Posted));

        var journal = LedgerAccounts.Journal("usdc", [(1, (object)held), (2, captured.Single())]).ToList();
        Assert.Equal(LedgerAccounts.Provider(Provider), journal[1].Credit);
    }

    [Fact]
    public void A_call_whose_hold_was_released_can_no_longer_be_captured()
    {
        var account = Funded(1_000);
        var reserve = Call(300);
        account = account.Fold(AgentAccountDecider.Decide(account, reserve));
        account = account.Fold(AgentAccountDecider.Decide(account, new VoidHold(reserve.PaymentId, "CallUnresolved", Noon)));

        Assert.Empty(AgentAccountDecider.Decide(account, new CaptureHold(reserve.PaymentId, 300, null, null, Noon, HoldKind.Marketplace)));
        Assert.Equal((1_000L, 0L), (account.Available, account.MarketplaceUnswept));
        Assert.Equal(0, account.SpentOn(DateOnly.FromDateTime(Noon.UtcDateTime)));
    }
}
