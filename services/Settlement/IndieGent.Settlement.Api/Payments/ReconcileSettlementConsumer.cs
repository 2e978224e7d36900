using IndieGent.Contracts.Payments;
using IndieGent.Settlement.Api.Relaying;
using Marten;
using MassTransit;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>Says again what is known of a payment on chain; says nothing while its authorization, transfer or relay is still open.</summary>
public sealed class ReconcileSettlementConsumer(IQuerySession session, PaymentRelayOutcomes relays) : IConsumer<ReconcileSettlement>
{
    public async Task Consume(ConsumeContext<ReconcileSettlement> context)
    {
        var id = context.Message.PaymentId;
        var outcome = (await session.LoadAsync<AuthorizationWatch>(id, context.CancellationToken))?.Outcome()
            ?? (await session.LoadAsync<OutgoingTransfer>(id, context.CancellationToken))?.Outcome()
            ?? (await session.LoadAsync<RelayedTransfer>(id, context.CancellationToken) is { IsOpen: false } relay ? relays.Outcome(relay) : null);
        if (outcome is not null)
            await context.Publish(outcome);
    }
}
