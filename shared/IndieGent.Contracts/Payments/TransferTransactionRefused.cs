namespace IndieGent.Contracts.Payments;

/// <summary>Response: the Wallet will not sign; <paramref name="Reason"/> is a stable name (see SigningRefusal).</summary>
public sealed record TransferTransactionRefused(Guid PaymentId, string Reason, string Detail) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
