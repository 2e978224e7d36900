using IndieGent.Wallet.Agents;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Contracts.Payments;
using IndieGent.Wallet.Signing;
using Marten;
using MassTransit;

namespace IndieGent.Wallet.Api.Consumers;

/// <summary>
/// The signer over the bus. Idempotent by construction: a redelivered request gets the stored
/// signature back, a different request for the same payment is refused.
/// </summary>
public sealed class SignTransferAuthorizationConsumer(PaymentSigner signer, DecisionSignals decisions, IQuerySession session)
    : IConsumer<SignTransferAuthorization>
{
    private static readonly TimeSpan DecisionWait = TimeSpan.FromSeconds(1);

    public async Task Consume(ConsumeContext<SignTransferAuthorization> context)
    {
        var m = context.Message;
        var request = new TransferSigningRequest(
            m.PaymentId, m.AgentId, m.ChainId, m.Token, m.TokenName, m.TokenVersion, m.To, m.Value, m.ValidAfter, m.ValidBefore, m.Nonce);
        using var decision = decisions.Register(m.PaymentId);
        var outcome = await signer.SignAsync(request, context.CancellationToken);
        if (outcome.Refusal == SigningRefusal.NotApproved)
        {
            // The approval is usually a few milliseconds behind this request: wait for it once.
            await decision.WaitAsync(DecisionWait, context.CancellationToken);
            outcome = await signer.SignAsync(request, context.CancellationToken);
        }

        if (outcome.Signed)
        {
            var agent = await session.LoadAsync<Agent>(m.AgentId, context.CancellationToken);
            await context.RespondAsync(new TransferAuthorizationSigned(m.PaymentId, agent!.WalletAddress, outcome.Signature!));
        }
        else
        {
            await context.RespondAsync(new TransferAuthorizationRefused(m.PaymentId, outcome.Refusal!.Value.ToString(), outcome.Detail ?? ""));
        }
    }
}
