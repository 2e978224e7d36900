namespace IndieGent.Contracts.Transfers;

/// <summary>
/// Alert: the relay that settled a confirmed transfer is no longer where it was on chain — a reorganisation deeper than the
/// configured confirmations replaced its block. Settlement sends the same transaction again and follows it; the Ledger
/// holds the amount on the source again until <see cref="TransferSettled"/> comes anew (captured again) or
/// <see cref="TransferFailed"/> (released). The destination's credit follows its own deposit, which the deposit scanner
/// reverses and credits anew as the chain says.
/// </summary>
/// <param name="TxHash">The transaction the transfer was confirmed in.</param>
/// <param name="Amount">Base units the capture booked, decimal string.</param>
public sealed record TransferReorganisedOut(Guid TransferId, string TxHash, long BlockNumber, string Amount, DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => TransferId;
}
