using IndieGent.Contracts.Payments;
using IndieGent.Wallet.Api.Signing;
using MassTransit;

namespace IndieGent.Wallet.Api.Consumers;

/// <summary>Records the Ledger's decision; only approved, not-awaiting-the-operator payments can ever be signed.</summary>
public sealed class RecordApprovalConsumer(PaymentApprovals approvals) : IConsumer<CapChecked>
{
    public Task Consume(ConsumeContext<CapChecked> context)
    {
        var message = context.Message;
        // Awaiting the operator is not yet an approval; the final decision arrives as another CapChecked.
        if (message.Approved && message.AwaitingApproval)
            return Task.CompletedTask;
        return approvals.RecordDecisionAsync(message.PaymentId, message.AgentId, message.Approved, message.At, context.CancellationToken);
    }
}
