namespace IndieGent.Contracts.Payments;

/// <summary>Command to Settlement: produce the credential (and broadcast, where we settle) for an approved payment.</summary>
/// <param name="PayerAddress">The agent's wallet when the sender knows it; Settlement takes the signer's word for it otherwise.</param>
public sealed record SettlePayment(Guid PaymentId, Guid AgentId, string? PayerAddress, PaymentTerms Terms) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
