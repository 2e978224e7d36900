using IndieGent.Contracts.Payments;
using MassTransit;

namespace IndieGent.Ledger.Api.Payments;

/// <summary>
/// One payment's saga instance (id = payment id), stored as a Marten document. It is kept after
/// the payment ends: a repeated request for the same payment finds it and gets the same answer.
/// </summary>
public sealed class PaymentState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    /// <summary><see cref="CurrentState"/>, typed (a method, so the document does not store it twice).</summary>
    public PaymentStatus GetStatus() => Enum.Parse<PaymentStatus>(CurrentState);

    public Guid AgentId { get; set; }

    public Guid OperatorId { get; set; }

    public string IdempotencyKey { get; set; } = "";

    public PaymentTerms? Terms { get; set; }

    /// <summary>Base units held for the payment.</summary>
    public long Amount { get; set; }

    /// <summary>The value for <c>Authorization</c>; a bearer instrument until the merchant settles it, never logged.</summary>
    public string? Credential { get; set; }

    public DateTimeOffset? ValidBefore { get; set; }

    public string? TxHash { get; set; }

    public long? BlockNumber { get; set; }

    /// <summary>Stable reason when denied, failed or expired.</summary>
    public PaymentReason? Reason { get; set; }

    public string? Detail { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>How many times a waiting state's deadline passed and Settlement was asked again.</summary>
    public int Reconciliations { get; set; }

    /// <summary>For a marketplace call: when one request was let through to the provider (never two).</summary>
    public DateTimeOffset? CallStartedAt { get; set; }

    /// <summary>For a marketplace call: the agent's request that was let through (its resends are still that request).</summary>
    public Guid? CallAttempt { get; set; }

    public Guid? ApprovalTimeoutTokenId { get; set; }

    public Guid? SettlementTimeoutTokenId { get; set; }
}
