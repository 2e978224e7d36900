namespace IndieGent.Contracts.Transfers;

/// <summary>Settlement: the transfer will not move money (nothing mined paid it); the source's hold is voided.</summary>
public sealed record TransferFailed(Guid TransferId, TransferFailureReason Reason, string? TxHash, DateTimeOffset At, string? Detail = null)
    : ICorrelatedMessage
{
    public Guid CorrelationId => TransferId;
}
