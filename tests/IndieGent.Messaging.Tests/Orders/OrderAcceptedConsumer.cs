using MassTransit;

namespace IndieGent.Messaging.Tests.Orders;

/// <summary>Downstream: records what reached it through the broker.</summary>
public sealed class OrderAcceptedConsumer(Recorder recorder) : IConsumer<OrderAccepted>
{
    public Task Consume(ConsumeContext<OrderAccepted> context)
    {
        recorder.Record(context);
        return Task.CompletedTask;
    }
}
