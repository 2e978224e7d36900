using MassTransit;

namespace IndieGent.Messaging.Tests.Orders;

/// <summary>Plays the funds service: answers every reservation at once.</summary>
public sealed class ReserveFundsConsumer(Recorder recorder) : IConsumer<ReserveFunds>
{
    public Task Consume(ConsumeContext<ReserveFunds> context)
    {
        recorder.Record(context);
        return context.Publish(new FundsReserved(context.Message.OrderId));
    }
}
