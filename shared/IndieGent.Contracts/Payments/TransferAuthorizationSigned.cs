namespace IndieGent.Contracts.Payments;

/// <summary>Response: the signature (0x + 130 hex, r ‖ s ‖ v) of the agent's wallet <paramref name="From"/>.</summary>
public sealed record TransferAuthorizationSigned(Guid PaymentId, string From, string Signature) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
