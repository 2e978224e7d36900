namespace IndieGent.Contracts.Payments;

/// <summary>
/// The Ledger's answer to <see cref="PaymentRequested"/> (<c>POST /internal/payments</c>): the
/// reservation decided in the same commit that created the payment's saga — or, for a payment
/// requested before, where it stands now. Always built from the stored terms.
/// </summary>
/// <param name="Status">Denied, AwaitingApproval, Settling, or a later state for a repeated request.</param>
/// <param name="Ticket">The Ledger-signed approval ticket while the payment may be settled; the Gateway hands it to Settlement.</param>
/// <param name="Credential">The credential once the saga has one.</param>
/// <param name="Reason">Why, when denied, failed or expired.</param>
public sealed record CapChecked(
    Guid PaymentId, Guid AgentId, PaymentStatus Status, PaymentTerms Terms, long Amount, string? Ticket, string? Credential,
    DateTimeOffset? ValidBefore, string? TxHash, PaymentReason? Reason, string? Detail, DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
