using IndieGent.Contracts.Payments;
using Marten;
using MassTransit;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>Says again what is known of a payment on chain; says nothing while its authorization is still open.</summary>
public sealed class ReconcileSettlementConsumer(IQuerySession session) : IConsumer<ReconcileSettlement>
{
    public async Task Consume(ConsumeContext<ReconcileSettlement> context)
    {
        var watch = await session.LoadAsync<AuthorizationWatch>(context.Message.PaymentId, context.CancellationToken);
        if (watch?.Outcome() is { } outcome)
            await context.Publish(outcome);
    }
}
