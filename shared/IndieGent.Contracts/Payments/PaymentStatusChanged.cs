namespace IndieGent.Contracts.Payments;

/// <summary>
/// The PaymentSaga's word on where a payment stands, published on every transition and again when
/// the same payment is requested once more. It is the only outcome the Gateway hands to an agent:
/// a credential reaches an agent only after the saga accepted it.
/// </summary>
/// <param name="Credential">The value for <c>Authorization</c> (or the x402 header) once there is one.</param>
/// <param name="Reason">Why, when denied, failed or expired.</param>
/// <param name="Amount">Base units held for the payment (decimal string).</param>
public sealed record PaymentStatusChanged(
    Guid PaymentId,
    Guid AgentId,
    Guid OperatorId,
    PaymentStatus Status,
    string Amount,
    string? Credential,
    string? TxHash,
    PaymentReason? Reason,
    string? Detail,
    DateTimeOffset? ValidBefore,
    DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
