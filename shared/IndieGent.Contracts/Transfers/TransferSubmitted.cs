namespace IndieGent.Contracts.Transfers;

/// <summary>Settlement: the relay of the transfer's authorization is with the node (not yet mined).</summary>
public sealed record TransferSubmitted(Guid TransferId, string TxHash, DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => TransferId;
}
