namespace IndieGent.Contracts.Payments;

/// <summary>
/// A signed credential the merchant settles itself (EIP-3009 authorization): the value for
/// <c>Authorization: Payment …</c>, and until when the merchant can settle it.
/// </summary>
public sealed record CredentialIssued(Guid PaymentId, string Credential, DateTimeOffset ValidBefore, DateTimeOffset At)
    : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
