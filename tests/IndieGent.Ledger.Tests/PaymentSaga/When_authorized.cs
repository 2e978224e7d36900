using IndieGent.Contracts.Payments;
using IndieGent.Ledger.Api.Payments;
using IndieGent.Ledger.Accounts;

namespace IndieGent.Ledger.Tests.PaymentSaga;

/// <summary>A credential exists: only Settlement can say whether the merchant settled it.</summary>
public sealed class When_authorized : SagaSpec
{
    private Task SeedAuthorizedAsync() => SeedAsync(PaymentStatus.Authorized, async s =>
    {
        s.Credential = "Payment abc";
        s.ValidBefore = DateTimeOffset.UtcNow.AddMinutes(5);
        s.SettlementTimeoutTokenId = await ScheduleAsync(new SettlementOverdue(PaymentId), Limits.SettlementPatience);
    });

    [Fact]
    public async Task A_confirmation_captures_the_hold_and_settles_it()
    {
        await SeedAuthorizedAsync();
        await SendAsync(new Confirmed(PaymentId, "0xdef", 12, Amount.ToString(), DateTimeOffset.UtcNow));

        var saga = await ReachesAsync(m => m.Settled);
        Assert.Equal(("0xdef", 12L), (saga.TxHash, saga.BlockNumber));
        var account = Accounts[AgentId];
        Assert.Equal((0L, Amount), (account.PendingDebits, account.PostedDebits));
        await PublishedAsync<PaymentStatusChanged>(s => s.PaymentId == PaymentId && s.Status == PaymentStatus.Settled);
    }

    [Fact]
    public async Task An_expired_authorization_voids_the_hold_as_expired()
    {
        await SeedAuthorizedAsync();
        await SendAsync(new SettlementFailed(PaymentId, PaymentReason.AuthorizationExpired, null, DateTimeOffset.UtcNow));

        await ReachesAsync(m => m.Expired);
        Assert.Equal(PaymentOutcome.Voided, Accounts[AgentId].ClosedPayments[PaymentId]);
    }

    [Fact]
    public async Task Past_its_deadline_it_asks_for_reconciliation_and_never_voids_on_its_own_clock()
    {
        await SeedAuthorizedAsync();

        await PublishedAsync<ReconcileSettlement>(m => m.PaymentId == PaymentId);
        var saga = await ReachesAsync(m => m.Authorized);
        Assert.True(saga.Reconciliations >= 1);
        Assert.Equal(Amount, Accounts[AgentId].PendingDebits);
    }
}
