namespace IndieGent.Contracts.Payments;

/// <summary>Settlement broadcast the payment's transfer itself.</summary>
public sealed record TxBroadcast(Guid PaymentId, string TxHash, long Nonce, string Credential, DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
