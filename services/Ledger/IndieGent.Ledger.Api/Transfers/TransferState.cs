using IndieGent.Contracts.Transfers;
using IndieGent.Ledger.Accounts;
using MassTransit;

namespace IndieGent.Ledger.Api.Transfers;

/// <summary>
/// One relayed transfer between custodial wallets, stored as a Marten document and kept after it
/// ends: treasury ↔ agent (id derived from the operator and the Idempotency-Key, so a repeated
/// request finds it), an agent's marketplace sweep (id = the sweep's) or a provider payout (id = the
/// payout's). Amounts in base units; addresses 0x, lower case.
/// </summary>
public sealed class TransferState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    /// <summary><c>Settling</c>, <c>Submitted</c>, <c>Completed</c> or <c>Failed</c>.</summary>
    public string CurrentState { get; set; } = "";

    /// <summary>The operator whose wallets these are (<see cref="Guid.Empty"/> for a payout).</summary>
    public Guid OperatorId { get; set; }

    /// <summary>The agent (for a payout: the provider account).</summary>
    public Guid AgentId { get; set; }

    public TransferDirection Direction { get; set; }

    public string IdempotencyKey { get; set; } = "";

    /// <summary>A sweep's providers and what each is owed from it (booked on their accounts when it is confirmed).</summary>
    public List<ProviderShare> Shares { get; set; } = [];

    /// <summary>The account (and custodial wallet) the money leaves: the treasury or the agent.</summary>
    public Guid SourceWalletId { get; set; }

    public Guid DestinationWalletId { get; set; }

    public string From { get; set; } = "";

    public string To { get; set; } = "";

    public long Amount { get; set; }

    /// <summary>
    /// The Ledger's approval (kind <c>transfer</c>), sent unchanged every time Settlement is asked: its
    /// expiry bounds when the source's authorization can first be signed.
    /// </summary>
    public string Ticket { get; set; } = "";

    public string? TxHash { get; set; }

    public long? BlockNumber { get; set; }

    public TransferFailureReason? Reason { get; set; }

    public string? Detail { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>How many times the deadline passed and Settlement was asked again.</summary>
    public int Reconciliations { get; set; }

    public Guid? OverdueTokenId { get; set; }
}
