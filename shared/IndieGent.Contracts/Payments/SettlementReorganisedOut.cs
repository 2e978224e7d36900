namespace IndieGent.Contracts.Payments;

/// <summary>
/// Alert: the transaction that settled a confirmed payment is no longer where it was on chain — a reorganisation deeper
/// than the configured confirmations replaced its block. The Ledger reopens the capture (the money is held again, not
/// spendable), and Settlement follows the payment to its new inclusion (<see cref="Confirmed"/> again, captured again) or
/// its failure (<see cref="SettlementFailed"/>, the hold released). Never silently ignored: operators hear it.
/// </summary>
/// <param name="TxHash">The transaction the payment was confirmed in (the saga acts only on the confirmation it captured).</param>
/// <param name="BlockNumber">The block it was confirmed in; the chain now has another block there, or none, or it moved.</param>
/// <param name="Amount">Base units the capture booked (decimal string).</param>
public sealed record SettlementReorganisedOut(Guid PaymentId, string TxHash, long BlockNumber, string Amount, DateTimeOffset At)
    : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
