namespace IndieGent.Contracts.Payments;

/// <summary>Response: the signature (0x + 130 hex, r ‖ s ‖ v) of the agent's wallet <paramref name="From"/>.</summary>
/// <param name="ValidBefore">The authorization's end (unix seconds) the signature covers: the first request's, when the
/// payment was signed before (a payment has one authorization, whoever asks again).</param>
public sealed record TransferAuthorizationSigned(Guid PaymentId, string From, string Signature, long ValidBefore) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
