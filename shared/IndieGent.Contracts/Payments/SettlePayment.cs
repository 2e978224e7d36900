namespace IndieGent.Contracts.Payments;

/// <summary>
/// Command to Settlement (the saga's, on the bus; or the Gateway's, over HTTP on the request path):
/// produce the credential — and broadcast, where we settle — for a payment the Ledger approved.
/// </summary>
/// <param name="Ticket">The Ledger-signed <see cref="ApprovalTicket"/>: the Wallet signs nothing without it.</param>
public sealed record SettlePayment(Guid PaymentId, Guid AgentId, PaymentTerms Terms, string Ticket) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
