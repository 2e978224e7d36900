using IndieGent.Messaging.Outbox;
using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;

namespace IndieGent.Messaging.Scheduling;

/// <summary>
/// Gives every consume a message scheduler (what a state machine's <c>Schedule</c> and
/// <c>Unschedule</c> use). MassTransit's outbox context rebinds it to itself, so the scheduler
/// built here sees the outbox context and writes through it.
/// </summary>
internal sealed class MartenMessageSchedulerFilter : IFilter<ConsumeContext>
{
    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        context.GetOrAddPayload<MessageSchedulerContext>(() => new ConsumeMessageSchedulerContext(context, CreateScheduler));
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("martenScheduler");

    private static IMessageScheduler CreateScheduler(ConsumeContext context)
    {
        // Without the outbox a scheduled send would go straight to RabbitMQ with a delay it cannot honour.
        if (!context.TryGetPayload<IMartenOutboxConsumeContext>(out var outbox))
        {
            throw new InvalidOperationException(
                "Messages can only be scheduled inside a consumer or saga on an endpoint with the Marten outbox " +
                "(AddIndieGentMessaging(..., o => o.UseMartenOutbox())).");
        }

        return new MessageScheduler(new MartenScheduleMessageProvider(context, outbox.Writer), context.GetPayload<IBusTopology>());
    }
}
