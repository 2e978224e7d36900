using MassTransit;

namespace IndieGent.Messaging.Tests.Orders;

/// <summary>Downstream: records what reached it through the broker.</summary>
public sealed class OrderConfirmedConsumer(Recorder recorder) : IConsumer<OrderConfirmed>
{
    public Task Consume(ConsumeContext<OrderConfirmed> context)
    {
        recorder.Record(context);
        return Task.CompletedTask;
    }
}
