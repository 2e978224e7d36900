using IndieGent.Contracts.Payments;

namespace IndieGent.Ledger.Tests.PaymentSaga;

/// <summary>An ended payment may still be settled by the merchant within its credential's validity: the ledger follows the chain.</summary>
public sealed class When_it_has_ended : SagaSpec
{
    [Theory]
    [InlineData(PaymentStatus.Failed)]
    [InlineData(PaymentStatus.Expired)]
    [InlineData(PaymentStatus.Denied)]
    public async Task A_late_confirmation_is_still_captured(PaymentStatus ended)
    {
        await SeedAsync(ended);
        await SendAsync(new Confirmed(PaymentId, "0xdef", 12, Amount.ToString(), DateTimeOffset.UtcNow));

        await ReachesAsync(m => m.Settled);
        Assert.Equal(Amount, Accounts[AgentId].PostedDebits);
    }

    [Fact]
    public async Task A_settled_payment_ignores_what_arrives_after()
    {
        await SeedAsync(PaymentStatus.Settled);
        await SendAsync(new SettlementFailed(PaymentId, PaymentReason.TransferReverted, null, DateTimeOffset.UtcNow));
        await SendAsync(new CredentialIssued(PaymentId, "Payment abc", DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow));

        Assert.True(await Harness.Consumed.Any<CredentialIssued>(m => m.Context.Message.PaymentId == PaymentId, Ct));
        await ReachesAsync(m => m.Settled);
        Assert.Equal(Amount, Accounts[AgentId].PendingDebits);
    }
}
