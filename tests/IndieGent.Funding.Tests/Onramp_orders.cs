using IndieGent.Funding.Api.Onramp;
using IndieGent.Funding.Onramp;

namespace IndieGent.Funding.Tests;

/// <summary>An order moves only forward, whatever order Coinbase's reports come in, and only the credited deposit completes it.</summary>
public sealed class Onramp_orders
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly string TxHash = "0x" + new string('a', 64);

    private static OnrampOrder Order() => new() { Id = Guid.NewGuid(), AgentId = Guid.NewGuid(), Status = OnrampOrderStatus.Created };

    private static CoinbaseReport Report(string status, string? txHash = null) => new("tx-1", status, txHash, "9.800000", null);

    [Fact]
    public void Success_then_a_late_created_event_leaves_it_awaiting_the_chain()
    {
        var order = Order();
        Assert.True(order.Apply(Report(CoinbaseTransactionStatus.Success, TxHash), Now));
        Assert.False(order.Apply(Report("ONRAMP_TRANSACTION_STATUS_CREATED", ""), Now));
        Assert.False(order.Apply(Report(CoinbaseTransactionStatus.Failed), Now));
        Assert.Equal((OnrampOrderStatus.AwaitingChain, TxHash), (order.Status, order.TxHash));
    }

    [Fact]
    public void A_success_without_a_transaction_hash_is_still_in_progress()
    {
        var order = Order();
        order.Apply(Report(CoinbaseTransactionStatus.Success, "0x"), Now);
        Assert.Equal(OnrampOrderStatus.InProgress, order.Status);
        Assert.Null(order.TxHash);
    }

    [Fact]
    public void A_failure_is_final()
    {
        var order = Order();
        order.Apply(Report(CoinbaseTransactionStatus.Failed), Now);
        Assert.Equal(OnrampOrderStatus.Failed, order.Status);
        Assert.NotNull(order.FailureReason);
        Assert.False(order.Apply(Report(CoinbaseTransactionStatus.Success, TxHash), Now));
        Assert.False(order.Complete(order.AgentId, "deposit", Now));
    }

    [Fact]
    public void Only_a_credited_deposit_to_the_orders_own_agent_completes_it()
    {
        var order = Order();
        Assert.False(order.Complete(order.AgentId, "d1", Now));
        order.Apply(Report(CoinbaseTransactionStatus.Success, TxHash), Now);
        Assert.False(order.Complete(Guid.NewGuid(), "d1", Now));
        Assert.True(order.Complete(order.AgentId, "d1", Now));
        Assert.Equal((OnrampOrderStatus.Completed, "d1"), (order.Status, order.DepositId));
        Assert.False(order.Complete(order.AgentId, "d2", Now));
    }

    [Theory]
    [InlineData(OnrampOrderStatus.Created, OnrampOrderStatus.InProgress, true)]
    [InlineData(OnrampOrderStatus.Created, OnrampOrderStatus.Failed, true)]
    [InlineData(OnrampOrderStatus.InProgress, OnrampOrderStatus.Created, false)]
    [InlineData(OnrampOrderStatus.InProgress, OnrampOrderStatus.InProgress, false)]
    [InlineData(OnrampOrderStatus.AwaitingChain, OnrampOrderStatus.Failed, false)]
    [InlineData(OnrampOrderStatus.Completed, OnrampOrderStatus.Failed, false)]
    [InlineData(OnrampOrderStatus.Failed, OnrampOrderStatus.AwaitingChain, false)]
    public void Statuses_move_forward_only(OnrampOrderStatus from, OnrampOrderStatus to, bool allowed) =>
        Assert.Equal(allowed, OnrampOrderStatuses.MayMove(from, to));
}
