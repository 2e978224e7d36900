namespace IndieGent.Contracts.Payments;

/// <summary>The operator approved or denied a payment that was held above the agent's approval threshold.</summary>
public sealed record PaymentApprovalDecided(Guid PaymentId, Guid AgentId, Guid OperatorId, bool Approved, DateTimeOffset At)
    : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
