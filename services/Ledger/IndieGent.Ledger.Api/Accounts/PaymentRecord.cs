using IndieGent.Ledger.Accounts;

namespace IndieGent.Ledger.Api.Accounts;

/// <summary>Read model: where one payment stands on its agent's account.</summary>
public sealed record PaymentRecord(
    Guid Id, Guid AgentId, long Amount, string Recipient, string? Host, string? ChallengeId, PaymentLedgerStatus Status,
    string? DenialReason, string? Detail, string? TxHash, long? BlockNumber, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt);
