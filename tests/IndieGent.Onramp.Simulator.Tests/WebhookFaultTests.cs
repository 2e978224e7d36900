using System.Numerics;
using IndieGent.Onramp.Simulator.Apis;
using IndieGent.Onramp.Simulator.Faults;
using System.Net.Http.Json;

namespace IndieGent.Onramp.Simulator.Tests;

public sealed class WebhookFaultTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_purchase_told_to_fail_mints_nothing_and_sends_created_then_failed()
    {
        var (destination, partnerUserRef, sessionId) = await NewSessionAsync();
        await simulator.SetFaultsAsync(sessionId, new FaultPlan(FailPurchase: true), Ct);

        var session = await simulator.PayAsync(sessionId, Ct);

        Assert.Equal(SessionView.Failed, session.State);
        Assert.Null(session.TxHash);
        Assert.Equal(BigInteger.Zero, await simulator.BalanceAsync(destination, Ct));
        var webhooks = await simulator.Webhooks.WaitForAsync(partnerUserRef, 2, Ct);
        Assert.Equal(["onramp.transaction.created", "onramp.transaction.failed"], webhooks.Select(w => w.EventType));
        Assert.Equal("ONRAMP_TRANSACTION_STATUS_FAILED", webhooks[1].Field("status"));
        Assert.Equal("FAILURE_REASON_BUY_FAILED", webhooks[1].Field("failureReason"));
        Assert.Equal("", webhooks[1].Field("txHash"));
    }

    [Fact]
    public async Task Duplicated_webhooks_arrive_twice_each_with_the_same_event_id_and_body_and_a_valid_signature()
    {
        var (_, partnerUserRef, sessionId) = await NewSessionAsync();
        await simulator.SetFaultsAsync(sessionId, new FaultPlan(DuplicateWebhooks: true), Ct);

        await simulator.PayAsync(sessionId, Ct);

        var webhooks = await simulator.Webhooks.WaitForAsync(partnerUserRef, 4, Ct);
        Assert.Equal(2, webhooks.Select(w => w.EventId).Distinct().Count());
        Assert.All(webhooks.GroupBy(w => w.EventId), copies =>
        {
            Assert.Equal(2, copies.Count());
            Assert.Equal(copies.First().Body, copies.Last().Body);
        });
        Assert.All(webhooks, w => Assert.True(Hook0Verifier.IsValid(w.Signature, w.Headers, w.Body, simulator.WebhookSecret, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task Late_webhooks_leave_only_after_the_delay()
    {
        var (_, partnerUserRef, sessionId) = await NewSessionAsync();
        var delay = TimeSpan.FromMilliseconds(1500);
        await simulator.SetFaultsAsync(sessionId, new FaultPlan(WebhookDelayMilliseconds: (int)delay.TotalMilliseconds), Ct);

        await simulator.PayAsync(sessionId, Ct);
        var paidAt = DateTimeOffset.UtcNow;

        var webhooks = await simulator.Webhooks.WaitForAsync(partnerUserRef, 2, Ct);
        Assert.All(webhooks, w => Assert.True(w.At - paidAt >= delay - TimeSpan.FromMilliseconds(100), $"arrived {w.At - paidAt} after Pay"));
    }

    [Fact]
    public async Task Out_of_order_webhooks_bring_success_before_created()
    {
        var (_, partnerUserRef, sessionId) = await NewSessionAsync();
        await simulator.SetFaultsAsync(sessionId, new FaultPlan(OutOfOrder: true), Ct);

        await simulator.PayAsync(sessionId, Ct);

        var webhooks = await simulator.Webhooks.WaitForAsync(partnerUserRef, 2, Ct);
        Assert.Equal(["onramp.transaction.success", "onramp.transaction.created"], webhooks.Select(w => w.EventType));
    }

    [Fact]
    public async Task Suppressed_webhooks_never_arrive_and_the_purchase_is_still_found_by_polling()
    {
        var (_, partnerUserRef, sessionId) = await NewSessionAsync();
        await simulator.SetFaultsAsync(sessionId, new FaultPlan(SuppressWebhooks: true), Ct);

        var session = await simulator.PayAsync(sessionId, Ct);
        await Task.Delay(Quiet, Ct);

        Assert.Empty(simulator.Webhooks.For(partnerUserRef));
        Assert.Empty((await simulator.SessionAsync(sessionId, Ct)).Webhooks);
        var transaction = Assert.Single(await TransactionStatusTests.PollAsync(simulator, partnerUserRef, "?pageSize=10"));
        Assert.Equal("ONRAMP_TRANSACTION_STATUS_SUCCESS", transaction.GetProperty("status").GetString());
        Assert.Equal(session.TxHash, transaction.GetProperty("tx_hash").GetString());
    }

    [Fact]
    public async Task A_next_purchase_fault_applies_to_one_purchase_only()
    {
        using var client = simulator.Client();
        (await client.PutAsJsonAsync("/simulator/faults/next-purchase", new FaultPlan(FailPurchase: true), Ct)).EnsureSuccessStatusCode();
        var (_, _, first) = await NewSessionAsync();
        var (_, _, second) = await NewSessionAsync();

        Assert.Equal(SessionView.Failed, (await simulator.PayAsync(first, Ct)).State);
        Assert.Equal(SessionView.Succeeded, (await simulator.PayAsync(second, Ct)).State);
    }

    private async Task<(IndieGent.Chain.EvmAddress Destination, string PartnerUserRef, string SessionId)> NewSessionAsync()
    {
        var destination = SimulatorFixture.NewDestination();
        var partnerUserRef = SimulatorFixture.NewPartnerUserRef();
        var (sessionId, _) = await simulator.NewSessionAsync(destination, partnerUserRef, Ct);
        return (destination, partnerUserRef, sessionId);
    }
}
