using MassTransit;

namespace IndieGent.Messaging.Tests.Orders;

/// <summary>
/// Submitted → (funds reserved) Accepted → (shipped) finalized, or Submitted → (30 minutes pass)
/// TimedOut. Items can be added in any state; the first item of an order not submitted yet opens it.
/// </summary>
public sealed class OrderStateMachine : MassTransitStateMachine<OrderState>
{
    public static readonly TimeSpan PaymentWindow = TimeSpan.FromMinutes(30);

    public OrderStateMachine(RaceGate gate)
    {
        InstanceState(x => x.CurrentState);

        Event(() => Submit, x => x.CorrelateById(m => m.Message.OrderId));
        Event(() => Reserved, x => x.CorrelateById(m => m.Message.OrderId));
        Event(() => Ship, x => x.CorrelateById(m => m.Message.OrderId));
        Event(() => ItemAdded, x => x.CorrelateById(m => m.Message.OrderId));
        Schedule(() => PaymentTimeout, x => x.TimeoutTokenId, s =>
        {
            s.Delay = PaymentWindow;
            s.Received = r => r.CorrelateById(m => m.Message.OrderId);
        });

        Initially(
            When(Submit)
                .Schedule(PaymentTimeout, context => new OrderTimedOut(context.Saga.CorrelationId))
                .Publish(context => new ReserveFunds(context.Saga.CorrelationId))
                .TransitionTo(Submitted),
            When(ItemAdded)
                .ThenAsync(context => AddItemAsync(gate, context))
                .TransitionTo(Open));

        During(Submitted,
            When(Reserved)
                .Unschedule(PaymentTimeout)
                .Publish(context => new OrderAccepted(context.Saga.CorrelationId))
                .TransitionTo(Accepted),
            When(PaymentTimeout.Received)
                .Then(context => context.Saga.ReceivedTimeoutTokenId = context.GetSchedulingTokenId())
                .TransitionTo(TimedOut));

        During(Accepted,
            When(Ship).Finalize());

        DuringAny(
            When(ItemAdded)
                .ThenAsync(context => AddItemAsync(gate, context)));

        SetCompletedWhenFinalized();
    }

    public State Open { get; private set; } = null!;

    public State Submitted { get; private set; } = null!;

    public State Accepted { get; private set; } = null!;

    public State TimedOut { get; private set; } = null!;

    public Event<SubmitOrder> Submit { get; private set; } = null!;

    public Event<FundsReserved> Reserved { get; private set; } = null!;

    public Event<ShipOrder> Ship { get; private set; } = null!;

    public Event<AddItem> ItemAdded { get; private set; } = null!;

    public Schedule<OrderState, OrderTimedOut> PaymentTimeout { get; private set; } = null!;

    private static async Task AddItemAsync(RaceGate gate, BehaviorContext<OrderState, AddItem> context)
    {
        await gate.PassAsync(context);
        context.Saga.Items.Add(context.Message.Item);
    }
}
