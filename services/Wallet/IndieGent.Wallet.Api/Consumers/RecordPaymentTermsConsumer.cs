using IndieGent.Contracts.Payments;
using IndieGent.Wallet.Api.Signing;
using MassTransit;

namespace IndieGent.Wallet.Api.Consumers;

/// <summary>Keeps the terms of every requested payment, the half of an approval that CapChecked does not carry.</summary>
public sealed class RecordPaymentTermsConsumer(PaymentApprovals approvals) : IConsumer<PaymentRequested>
{
    public Task Consume(ConsumeContext<PaymentRequested> context) =>
        approvals.RecordTermsAsync(context.Message.PaymentId, context.Message.AgentId, context.Message.Terms, context.CancellationToken);
}
