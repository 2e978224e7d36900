using IndieGent.Contracts.Payments;
using IndieGent.Ledger.Accounts;

namespace IndieGent.Ledger.Tests.PaymentSaga;

/// <summary>
/// A settled payment whose confirmation a reorganisation took back: held again and waiting as before its confirmation,
/// then captured again when the chain settles it anew, or released when Settlement says it cannot.
/// </summary>
public sealed class When_its_settlement_leaves_the_chain : SagaSpec
{
    [Fact]
    public async Task It_is_held_again_while_authorized_and_captured_again_when_confirmed_anew()
    {
        await SettledAsync("authorization");
        await SendAsync(new SettlementReorganisedOut(PaymentId, "0xdef", 12, Amount.ToString(), DateTimeOffset.UtcNow));

        var saga = await ReachesAsync(m => m.Authorized);
        Assert.Equal((null, null), (saga.TxHash, saga.BlockNumber));
        Assert.Equal((Amount, 0L), (Accounts[AgentId].PendingDebits, Accounts[AgentId].PostedDebits));
        await PublishedAsync<PaymentStatusChanged>(s => s.PaymentId == PaymentId && s.Status == PaymentStatus.Authorized);

        await SendAsync(new Confirmed(PaymentId, "0x123", 15, Amount.ToString(), DateTimeOffset.UtcNow));
        saga = await ReachesAsync(m => m.Settled);
        Assert.Equal(("0x123", 15L), (saga.TxHash, saga.BlockNumber));
        Assert.Equal((0L, Amount), (Accounts[AgentId].PendingDebits, Accounts[AgentId].PostedDebits));
    }

    [Fact]
    public async Task It_is_released_when_its_authorization_expires_unused_on_the_new_chain()
    {
        await SettledAsync("authorization");
        await SendAsync(new SettlementReorganisedOut(PaymentId, "0xdef", 12, Amount.ToString(), DateTimeOffset.UtcNow));
        await ReachesAsync(m => m.Authorized);

        await SendAsync(new SettlementFailed(PaymentId, PaymentReason.AuthorizationExpired, null, DateTimeOffset.UtcNow));

        await ReachesAsync(m => m.Expired);
        Assert.Equal((0L, 0L), (Accounts[AgentId].PendingDebits, Accounts[AgentId].PostedDebits));
        Assert.Equal(PaymentOutcome.Voided, Accounts[AgentId].ClosedPayments[PaymentId]);
    }

    [Fact]
    public async Task A_relayed_payment_waits_as_broadcast()
    {
        await SettledAsync("hash");
        await SendAsync(new SettlementReorganisedOut(PaymentId, "0xdef", 12, Amount.ToString(), DateTimeOffset.UtcNow));

        await ReachesAsync(m => m.Broadcast);
        Assert.Equal(Amount, Accounts[AgentId].PendingDebits);
    }

    [Fact]
    public async Task A_transaction_it_was_not_settled_by_changes_nothing()
    {
        await SettledAsync("authorization");
        await SendAsync(new SettlementReorganisedOut(PaymentId, "0xother", 12, Amount.ToString(), DateTimeOffset.UtcNow));

        Assert.True(await Harness.Consumed.Any<SettlementReorganisedOut>(m => m.Context.Message.PaymentId == PaymentId, Ct));
        await ReachesAsync(m => m.Settled);
        Assert.Equal((0L, Amount), (Accounts[AgentId].PendingDebits, Accounts[AgentId].PostedDebits));
    }

    private async Task SettledAsync(string credentialType)
    {
        await SeedAsync(PaymentStatus.Settling, s =>
        {
            s.Terms = s.Terms! with { CredentialType = credentialType };
            return Task.CompletedTask;
        });
        await SendAsync(new Confirmed(PaymentId, "0xdef", 12, Amount.ToString(), DateTimeOffset.UtcNow));
        await ReachesAsync(m => m.Settled);
    }
}
