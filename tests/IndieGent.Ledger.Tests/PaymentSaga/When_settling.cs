using IndieGent.Contracts.Payments;
using IndieGent.Ledger.Api.Payments;
using IndieGent.Ledger.Accounts;
using IndieGent.Testing;

namespace IndieGent.Ledger.Tests.PaymentSaga;

/// <summary>A payment the reservation approved: the saga waits for Settlement's word.</summary>
public sealed class When_settling : SagaSpec
{
    [Fact]
    public async Task An_issued_credential_makes_it_authorized_and_is_announced_with_the_credential()
    {
        await SeedAsync(PaymentStatus.Settling);
        var until = DateTimeOffset.UtcNow.AddMinutes(5);
        await SendAsync(new CredentialIssued(PaymentId, "Payment abc", until, DateTimeOffset.UtcNow));

        var saga = await ReachesAsync(m => m.Authorized);
        Assert.Equal("Payment abc", saga.Credential);
        var status = await PublishedAsync<PaymentStatusChanged>(s => s.PaymentId == PaymentId && s.Status == PaymentStatus.Authorized);
        Assert.Equal("Payment abc", status.Credential);
        Assert.Equal(Amount, Accounts[AgentId].PendingDebits);
    }

    [Fact]
    public async Task Once_authorized_settlement_is_asked_again_within_its_patience_not_first_after_the_credentials_validity()
    {
        // A confirmation lost on the way (an instance stopped in the middle of its consume) is said again when asked.
        await SeedAsync(PaymentStatus.Settling);
        await SendAsync(new CredentialIssued(PaymentId, "Payment abc", DateTimeOffset.UtcNow.AddMinutes(10), DateTimeOffset.UtcNow));
        await ReachesAsync(m => m.Authorized);

        await PublishedAsync<ReconcileSettlement>(m => m.PaymentId == PaymentId);
        await SendAsync(new Confirmed(PaymentId, "0xdef", 12, Amount.ToString(), DateTimeOffset.UtcNow));
        await ReachesAsync(m => m.Settled);
    }

    [Fact]
    public async Task A_broadcast_transfer_makes_it_broadcast_without_a_credential_yet()
    {
        await SeedAsync(PaymentStatus.Settling);
        await SendAsync(new TxBroadcast(PaymentId, "0xabc", 7, null, DateTimeOffset.UtcNow));

        var saga = await ReachesAsync(m => m.Broadcast);
        Assert.Equal("0xabc", saga.TxHash);
        Assert.Null(saga.Credential);
    }

    [Fact]
    public async Task A_settlement_failure_voids_the_hold()
    {
        await SeedAsync(PaymentStatus.Settling);
        await SendAsync(new SettlementFailed(PaymentId, PaymentReason.InsufficientGas, null, DateTimeOffset.UtcNow));

        var saga = await ReachesAsync(m => m.Failed);
        Assert.Equal(PaymentReason.InsufficientGas, saga.Reason);
        Assert.Equal(0, Accounts[AgentId].PendingDebits);
        Assert.Equal(PaymentOutcome.Voided, Accounts[AgentId].ClosedPayments[PaymentId]);
        await PublishedAsync<PaymentStatusChanged>(s => s.PaymentId == PaymentId && s.Status == PaymentStatus.Failed);
    }

    [Fact]
    public async Task Past_its_deadline_it_asks_settlement_again_with_a_fresh_ticket_then_gives_up_and_voids()
    {
        await SeedAsync(PaymentStatus.Settling, async s => s.SettlementTimeoutTokenId =
            await ScheduleAsync(new SettlementOverdue(PaymentId), Limits.SettlementPatience));

        // Asked again (each time with a ticket the Wallet would accept), until the limit: then voided.
        var settle = await PublishedAsync<SettlePayment>(m => m.PaymentId == PaymentId);
        var ticket = Verify(settle.Ticket);
        Assert.NotNull(ticket);
        Assert.Equal((PaymentId, AgentId, Amount.ToString()), (ticket.PaymentId, ticket.AgentId, ticket.Amount));

        var saga = await ReachesAsync(m => m.Failed);
        Assert.Equal(PaymentReason.SettlementUnavailable, saga.Reason);
        Assert.Equal(Limits.MaxReconciliations - 1, Harness.Published.Select<SettlePayment>(Ct).Count(m => m.Context.Message.PaymentId == PaymentId));
        Assert.Equal(0, Accounts[AgentId].PendingDebits);
    }

    [Fact]
    public async Task A_confirmation_that_overtakes_its_credential_captures_the_hold_and_the_late_credential_is_kept()
    {
        // The merchant used the credential before its announcement reached the saga: the money moved, so it is captured now.
        await SeedAsync(PaymentStatus.Settling);
        await SendAsync(new Confirmed(PaymentId, "0xdef", 12, Amount.ToString(), DateTimeOffset.UtcNow));

        var saga = await ReachesAsync(m => m.Settled);
        Assert.Equal(("0xdef", 12L), (saga.TxHash, saga.BlockNumber));
        Assert.Equal((0L, Amount), (Accounts[AgentId].PendingDebits, Accounts[AgentId].PostedDebits));

        await SendAsync(new CredentialIssued(PaymentId, "Payment abc", DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow));
        Assert.True(await Harness.Consumed.Any<CredentialIssued>(m => m.Context.Message.PaymentId == PaymentId, Ct));
        await Eventually.HoldsAsync(() => Task.FromResult(Saga.Sagas.Contains(PaymentId)?.Credential == "Payment abc"), Ct);
        await ReachesAsync(m => m.Settled);
        Assert.Equal(Amount, Accounts[AgentId].PostedDebits);
    }
}
