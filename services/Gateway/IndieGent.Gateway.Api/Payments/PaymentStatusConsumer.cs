using IndieGent.Contracts.Payments;
using MassTransit;

namespace IndieGent.Gateway.Api.Payments;

/// <summary>Hands the saga's statuses to the requests waiting in this instance and to its operators' event streams.</summary>
public sealed class PaymentStatusConsumer(PaymentWaiters waiters, PaymentEvents events) : IConsumer<PaymentStatusChanged>
{
    public Task Consume(ConsumeContext<PaymentStatusChanged> context)
    {
        waiters.Complete(context.Message);
        events.Publish(context.Message);
        return Task.CompletedTask;
    }
}
