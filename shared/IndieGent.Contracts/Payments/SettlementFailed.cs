namespace IndieGent.Contracts.Payments;

/// <summary>The payment will not settle (reverted, dropped, authorization expired unsettled); the hold is voided.</summary>
/// <param name="Detail">What a person needs to know beyond the reason (the Wallet's refusal, the node's error).</param>
public sealed record SettlementFailed(Guid PaymentId, PaymentReason Reason, string? TxHash, DateTimeOffset At, string? Detail = null)
    : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;

    /// <summary>The credential ran out unused (expired, or cancelled because nobody broadcast it): the payment expired rather than failed.</summary>
    public bool MeansExpired => Reason is PaymentReason.AuthorizationExpired or PaymentReason.CredentialUnused;
}
