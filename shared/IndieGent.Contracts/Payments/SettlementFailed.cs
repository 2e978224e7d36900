namespace IndieGent.Contracts.Payments;

/// <summary>The payment will not settle (reverted, dropped, authorization expired unsettled); the hold is voided.</summary>
public sealed record SettlementFailed(Guid PaymentId, string Reason, string? TxHash, DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
