namespace IndieGent.Ledger.Accounts;

// The agent account's event stream (stream id = agent id). Amounts are base units of the token.
// Every money movement is a transfer between two ledger accounts (see LedgerAccounts), so each
// entry is balanced by construction: one amount, one debit account, one credit account.

/// <param name="WalletAddress">The agent's custodial wallet (0x, lower case): the ledger's balance must equal its on-chain balance.</param>
public sealed record AccountOpened(Guid AgentId, Guid OperatorId, string Currency, DateTimeOffset At, string? WalletAddress = null);

public sealed record SpendingPolicyApplied(Guid AgentId, SpendingPolicy Policy, int PolicyVersion, DateTimeOffset At);

public sealed record AccountDisabled(Guid AgentId, DateTimeOffset At);

/// <summary>Money came in (a confirmed deposit, a top-up). <paramref name="EntryId"/> is the dedupe key.</summary>
public sealed record FundsCredited(Guid AgentId, string EntryId, long Amount, CreditSource Source, string Reference, DateTimeOffset At);

/// <summary>
/// A credit taken back (its deposit was removed from the chain by a reorganisation): the balance falls by
/// <paramref name="Amount"/>, below zero if the agent already spent it. Once per <paramref name="EntryId"/>.
/// </summary>
public sealed record CreditReversed(Guid AgentId, string EntryId, long Amount, string Reason, string Reference, DateTimeOffset At);

/// <summary>Funds reserved for a payment (or a transfer, <paramref name="Kind"/>; its id in <paramref name="PaymentId"/>): a pending debit.</summary>
public sealed record HoldPlaced(
    Guid AgentId, Guid PaymentId, long Amount, string Recipient, string? Host, string? ChallengeId,
    bool AwaitingApproval, DateTimeOffset At, HoldKind Kind = HoldKind.Payment);

/// <summary>The operator approved a held payment that was above the approval threshold.</summary>
public sealed record HoldApproved(Guid AgentId, Guid PaymentId, DateTimeOffset At);

/// <summary>The payment (or transfer) settled: the pending debit becomes posted.</summary>
/// <param name="Shares">When the payment reached several recipients (a permit2 payment with splits): what each received on
/// chain, summing to <paramref name="Amount"/>; otherwise null and the hold's recipient received it all.</param>
public sealed record HoldCaptured(Guid AgentId, Guid PaymentId, long Amount, string? TxHash, long? BlockNumber, DateTimeOffset At,
    HoldKind Kind = HoldKind.Payment, IReadOnlyList<RecipientShare>? Shares = null);

/// <summary>
/// The transaction that settled a captured payment left the chain (a reorganisation deeper than the confirmations): the
/// posted debit is pending again — a hold of <paramref name="Amount"/> for <paramref name="Recipient"/>, not spendable —
/// until the chain settles the payment anew (captured again) or it fails (the hold voided). Once per capture.
/// </summary>
/// <param name="HeldAt">When the payment was first held: the day and month its spend counts in.</param>
/// <param name="TxHash">The transaction that left the chain.</param>
public sealed record CaptureReopened(Guid AgentId, Guid PaymentId, long Amount, string Recipient, string? Host, DateTimeOffset HeldAt, string TxHash,
    DateTimeOffset At, HoldKind Kind = HoldKind.Payment);

/// <summary>One recipient's part of a settled payment (address lower-case hex, base units).</summary>
public sealed record RecipientShare(string Recipient, long Amount);

/// <summary>The payment will not settle: the pending debit is released.</summary>
public sealed record HoldVoided(Guid AgentId, Guid PaymentId, string Reason, DateTimeOffset At);

/// <summary>A reservation refused; recorded for the audit trail, moves no money.</summary>
public sealed record ReservationDenied(
    Guid AgentId, Guid PaymentId, long Amount, string Recipient, string? Host, DenialReason Reason, string Detail, DateTimeOffset At);

public enum CreditSource
{
    Deposit,
    TopUp,
}
