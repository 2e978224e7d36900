using MassTransit;

namespace IndieGent.Messaging.Tests.Orders;

/// <summary>Observes <see cref="PlaceOrder"/> failures that ran out of retries.</summary>
public sealed class PlaceOrderFaultConsumer(Recorder recorder) : IConsumer<Fault<PlaceOrder>>
{
    public Task Consume(ConsumeContext<Fault<PlaceOrder>> context)
    {
        recorder.Record(context);
        return Task.CompletedTask;
    }
}
