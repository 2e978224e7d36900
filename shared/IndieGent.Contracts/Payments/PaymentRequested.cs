namespace IndieGent.Contracts.Payments;

/// <summary>
/// An agent asked IndieGent to pay. <paramref name="PaymentId"/> is derived from the agent and its
/// Idempotency-Key, so a retried request names the same payment.
/// </summary>
public sealed record PaymentRequested(
    Guid PaymentId, Guid AgentId, Guid OperatorId, string IdempotencyKey, PaymentTerms Terms, DateTimeOffset RequestedAt)
    : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
