using IndieGent.Contracts.Payments;
using Marten;
using MassTransit;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>Says again what is known of a payment on chain; says nothing while its authorization or transfer is still open.</summary>
public sealed class ReconcileSettlementConsumer(IQuerySession session) : IConsumer<ReconcileSettlement>
{
    public async Task Consume(ConsumeContext<ReconcileSettlement> context)
    {
        var id = context.Message.PaymentId;
        var outcome = (await session.LoadAsync<AuthorizationWatch>(id, context.CancellationToken))?.Outcome()
            ?? (await session.LoadAsync<OutgoingTransfer>(id, context.CancellationToken))?.Outcome();
        if (outcome is not null)
            await context.Publish(outcome);
    }
}
