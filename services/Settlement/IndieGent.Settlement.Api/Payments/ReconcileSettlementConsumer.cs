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
        switch (watch?.State)
        {
            case AuthorizationWatchState.Confirmed:
                await context.Publish(new Confirmed(watch.Id, watch.TxHash!, watch.BlockNumber!.Value, watch.Value, watch.UpdatedAt));
                break;
            case AuthorizationWatchState.Expired:
                await context.Publish(new SettlementFailed(watch.Id, "AuthorizationExpired", null, watch.UpdatedAt));
                break;
        }
    }
}
