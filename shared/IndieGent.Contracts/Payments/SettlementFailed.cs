namespace IndieGent.Contracts.Payments;

/// <summary>The payment will not settle (reverted, dropped, authorization expired unsettled); the hold is voided.</summary>
public sealed record SettlementFailed(Guid PaymentId, string Reason, string? TxHash, DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;

    /// <summary>The credential ran out unused (expired, or cancelled because nobody broadcast it): the payment expired rather than failed.</summary>
    public bool MeansExpired => Reason is "AuthorizationExpired" or "CredentialUnused";
}
