using IndieGent.Contracts.Payments;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Signing;
using MassTransit;

namespace IndieGent.Wallet.Api.Consumers;

/// <summary>
/// The transaction signer over the bus. Idempotent: a redelivered request gets the recorded
/// version back; a request for other terms is refused.
/// </summary>
public sealed class SignTransferTransactionConsumer(TransactionSigner signer, DecisionSignals decisions) : IConsumer<SignTransferTransaction>
{
    private static readonly TimeSpan DecisionWait = TimeSpan.FromSeconds(1);

    public async Task Consume(ConsumeContext<SignTransferTransaction> context)
    {
        var m = context.Message;
        var kind = m.Kind switch
        {
            SignTransferTransaction.Transfer => TransactionKind.Transfer,
            SignTransferTransaction.Cancel => TransactionKind.Cancel,
            _ => (TransactionKind?)null,
        };
        if (kind is null)
        {
            await context.RespondAsync(new TransferTransactionRefused(m.PaymentId, nameof(SigningRefusal.Malformed), $"Unknown kind '{m.Kind}'."));
            return;
        }

        var request = new TransactionSigningRequest(m.PaymentId, m.AgentId, kind.Value, m.ChainId, m.Token, m.To, m.Value, m.GasLimit,
            m.MaxFeePerGas, m.MaxPriorityFeePerGas, m.NonceFloor);
        using var decision = decisions.Register(m.PaymentId);
        var outcome = await signer.SignAsync(request, context.CancellationToken);
        if (outcome.Refusal == SigningRefusal.NotApproved)
        {
            // The approval is usually a few milliseconds behind this request: wait for it once.
            await decision.WaitAsync(DecisionWait, context.CancellationToken);
            outcome = await signer.SignAsync(request, context.CancellationToken);
        }

        if (outcome is { Transaction: { } issued, Version: { } version })
            await context.RespondAsync(new TransferTransactionSigned(m.PaymentId, issued.From, m.Kind, issued.Nonce, version.MaxFeePerGas,
                version.MaxPriorityFeePerGas, version.Raw, version.Hash));
        else
            await context.RespondAsync(new TransferTransactionRefused(m.PaymentId, outcome.Refusal!.Value.ToString(), outcome.Detail ?? ""));
    }
}
