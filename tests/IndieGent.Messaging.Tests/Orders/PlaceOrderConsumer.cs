using Marten;
using MassTransit;

namespace IndieGent.Messaging.Tests.Orders;

/// <summary>
/// A consumer the way services write them: it appends an event through the scope's Marten session
/// and publishes, and (on request) fails after doing both.
/// </summary>
public sealed class PlaceOrderConsumer(IDocumentSession session, Recorder recorder) : IConsumer<PlaceOrder>
{
    public const string ItemHeader = "X-Order-Item";

    /// <summary>The MessageId the consumer gives its <see cref="OrderConfirmed"/>, so a test can follow it.</summary>
    public static Guid ConfirmationMessageId(Guid orderId)
    {
        var bytes = orderId.ToByteArray();
        bytes[0] ^= 0xFF;
        return new Guid(bytes);
    }

    public async Task Consume(ConsumeContext<PlaceOrder> context)
    {
        recorder.Record(context);
        var order = context.Message;
        session.Events.Append(order.OrderId, new OrderPlaced(order.OrderId, order.Item));
        await context.Publish(new OrderConfirmed(order.OrderId, order.Item), publish =>
        {
            publish.MessageId = ConfirmationMessageId(order.OrderId);
            publish.Headers.Set(ItemHeader, order.Item);
        });

        switch (order.Failure)
        {
            case OrderFailure.ThrowAfterPublishing:
                throw new InvalidOperationException("The consumer failed after storing and publishing.");
            case OrderFailure.SaveThenThrow:
                // Inside the outbox a consumer's own save only flushes into the consume's transaction.
                await session.SaveChangesAsync(context.CancellationToken);
                throw new InvalidOperationException("The consumer failed after saving and publishing.");
        }
    }
}
