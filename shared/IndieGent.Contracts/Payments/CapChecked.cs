namespace IndieGent.Contracts.Payments;

/// <summary>
/// The Ledger's reservation decision: funds held (approved, possibly awaiting the operator) or
/// refused with the policy rule that refused it.
/// </summary>
/// <param name="DenialReason">Stable reason name (e.g. ExceedsDailyBudget) when not approved.</param>
public sealed record CapChecked(
    Guid PaymentId, Guid AgentId, bool Approved, bool AwaitingApproval, string? DenialReason, string? Detail, DateTimeOffset At)
    : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
