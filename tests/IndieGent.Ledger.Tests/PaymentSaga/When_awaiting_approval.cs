using IndieGent.Contracts.Payments;
using IndieGent.Ledger.Api.Payments;
using IndieGent.Ledger.Accounts;

namespace IndieGent.Ledger.Tests.PaymentSaga;

/// <summary>A payment held above the approval threshold: the operator decides, within the window.</summary>
public sealed class When_awaiting_approval : SagaSpec
{
    [Fact]
    public async Task Approval_releases_the_hold_for_settlement_and_sends_a_ticket_for_exactly_its_terms()
    {
        await SeedAsync(PaymentStatus.AwaitingApproval);
        await SendAsync(new PaymentApprovalDecided(PaymentId, AgentId, Guid.NewGuid(), true, DateTimeOffset.UtcNow));

        await ReachesAsync(m => m.Settling);
        Assert.False(Accounts[AgentId].OpenHolds[PaymentId].AwaitingApproval);
        var settle = await PublishedAsync<SettlePayment>(m => m.PaymentId == PaymentId);
        var ticket = Verify(settle.Ticket);
        Assert.NotNull(ticket);
        Assert.Equal((AgentId, Amount.ToString(), AccountBuilder.Merchant, "authorization"),
            (ticket.AgentId, ticket.Amount, ticket.Recipient, ticket.CredentialType));
    }

    [Fact]
    public async Task Denial_voids_the_hold()
    {
        await SeedAsync(PaymentStatus.AwaitingApproval);
        await SendAsync(new PaymentApprovalDecided(PaymentId, AgentId, Guid.NewGuid(), false, DateTimeOffset.UtcNow));

        var saga = await ReachesAsync(m => m.Denied);
        Assert.Equal(PaymentReason.RejectedByOperator, saga.Reason);
        Assert.Equal(PaymentOutcome.Voided, Accounts[AgentId].ClosedPayments[PaymentId]);
        Assert.False(await Harness.Published.Any<SettlePayment>(m => m.Context.Message.PaymentId == PaymentId, Ct));
    }

    [Fact]
    public async Task A_decision_naming_another_agent_changes_nothing()
    {
        await SeedAsync(PaymentStatus.AwaitingApproval);
        await SendAsync(new PaymentApprovalDecided(PaymentId, Guid.NewGuid(), Guid.NewGuid(), true, DateTimeOffset.UtcNow));
        await SendAsync(new PaymentApprovalDecided(PaymentId, AgentId, Guid.NewGuid(), false, DateTimeOffset.UtcNow));

        // Only the second (its own agent's) decision counted.
        await ReachesAsync(m => m.Denied);
        Assert.False(await Harness.Published.Any<SettlePayment>(m => m.Context.Message.PaymentId == PaymentId, Ct));
    }

    [Fact]
    public async Task When_the_window_closes_undecided_the_hold_is_voided_as_expired()
    {
        await SeedAsync(PaymentStatus.AwaitingApproval, async s => s.ApprovalTimeoutTokenId =
            await ScheduleAsync(new ApprovalWindowClosed(PaymentId), TimeSpan.FromMilliseconds(200)));

        var saga = await ReachesAsync(m => m.Expired);
        Assert.Equal(PaymentReason.ApprovalTimedOut, saga.Reason);
        Assert.Equal(0, Accounts[AgentId].PendingDebits);
    }
}
