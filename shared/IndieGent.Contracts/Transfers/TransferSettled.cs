namespace IndieGent.Contracts.Transfers;

/// <summary>
/// Settlement: the transfer's relay reached the configured confirmations; the source's hold is
/// captured. The destination is credited separately, by the deposit its Transfer log is.
/// </summary>
/// <param name="Amount">Base units moved, decimal string.</param>
public sealed record TransferSettled(Guid TransferId, string TxHash, long BlockNumber, string Amount, DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => TransferId;
}
