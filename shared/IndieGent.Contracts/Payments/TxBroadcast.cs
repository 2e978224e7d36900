namespace IndieGent.Contracts.Payments;

/// <summary>Settlement broadcast the payment's transfer itself (a <c>hash</c> credential).</summary>
/// <param name="Credential">Null: a hash credential is only usable once the transfer is confirmed, so it comes with <see cref="Confirmed"/>.</param>
public sealed record TxBroadcast(Guid PaymentId, string TxHash, long Nonce, string? Credential, DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
