namespace IndieGent.Contracts.Payments;

/// <summary>The payment's transfer reached the configured confirmations on chain.</summary>
/// <param name="Amount">Base units actually transferred (decimal string).</param>
public sealed record Confirmed(Guid PaymentId, string TxHash, long BlockNumber, string Amount, DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
