namespace IndieGent.Contracts.Payments;

/// <summary>
/// Command to Settlement (sent by the PaymentSaga when a waiting state times out): say again what
/// is known about the payment on chain — <see cref="Confirmed"/>, <see cref="SettlementFailed"/>, or
/// nothing while it is still open (the watcher will tell when it knows).
/// </summary>
public sealed record ReconcileSettlement(Guid PaymentId, DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
