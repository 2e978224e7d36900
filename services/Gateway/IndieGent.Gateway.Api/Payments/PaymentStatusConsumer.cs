using IndieGent.Contracts.Payments;
using MassTransit;

namespace IndieGent.Gateway.Api.Payments;

/// <summary>Hands the saga's statuses to the requests waiting in this instance.</summary>
public sealed class PaymentStatusConsumer(PaymentWaiters waiters) : IConsumer<PaymentStatusChanged>
{
    public Task Consume(ConsumeContext<PaymentStatusChanged> context)
    {
        waiters.Complete(context.Message);
        return Task.CompletedTask;
    }
}
