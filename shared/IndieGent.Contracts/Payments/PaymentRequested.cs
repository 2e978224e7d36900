namespace IndieGent.Contracts.Payments;

/// <summary>
/// An agent asked IndieGent to pay (Gateway → Ledger, <c>POST /internal/payments</c>).
/// <paramref name="PaymentId"/> is derived from the agent and its Idempotency-Key, so a retried
/// request names the same payment. Answered with <see cref="CapChecked"/>.
/// </summary>
public sealed record PaymentRequested(
    Guid PaymentId, Guid AgentId, Guid OperatorId, string IdempotencyKey, PaymentTerms Terms, DateTimeOffset RequestedAt)
    : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
