namespace IndieGent.Contracts.Payments;

/// <summary>Command to Settlement: produce the credential (and broadcast, where we settle) for an approved payment.</summary>
public sealed record SettlePayment(Guid PaymentId, Guid AgentId, string PayerAddress, PaymentTerms Terms) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
