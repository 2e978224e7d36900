using IndieGent.Contracts.Payments;
using Marten;
using MassTransit;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>
/// The saga's <see cref="SettlePayment"/> (after an operator's approval, or when the request path
/// did not finish): the record and the outcome commit with the consume (outbox); a concurrent
/// settlement of the same payment makes the commit fail and the retry answer what it recorded.
/// </summary>
public sealed class SettlePaymentConsumer(PaymentSettler settler, IDocumentSession session) : IConsumer<SettlePayment>
{
    public async Task Consume(ConsumeContext<SettlePayment> context)
    {
        if (await settler.SettleAsync(context.Message, session, context.CancellationToken) is { } outcome)
            await context.Publish(outcome, outcome.GetType(), context.CancellationToken);
    }
}
