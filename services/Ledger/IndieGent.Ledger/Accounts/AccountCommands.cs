namespace IndieGent.Ledger.Accounts;

/// <summary>Reserve funds for a payment: the CapChecked decision.</summary>
/// <param name="AlsoPays">Other recipients the payment reaches (a permit2 payment's splits): the recipient lists apply to each.</param>
public sealed record ReserveFunds(Guid PaymentId, long Amount, string Recipient, string? Host, string? ChallengeId, DateTimeOffset Now,
    HoldKind Kind = HoldKind.Payment, IReadOnlyList<string>? AlsoPays = null);

public sealed record CreditFunds(string EntryId, long Amount, CreditSource Source, string Reference, DateTimeOffset Now);

/// <summary>Take back a credit whose money the chain no longer shows (a deposit a reorganisation removed).</summary>
public sealed record ReverseCredit(string EntryId, long Amount, string Reason, string Reference, DateTimeOffset Now);

/// <summary>Reserve funds for a transfer to another wallet of the operator: only the balance is checked, no policy.</summary>
public sealed record ReserveTransfer(Guid TransferId, long Amount, string Recipient, DateTimeOffset Now);

/// <param name="Shares">When the payment reached several recipients: what each received (summing to <paramref name="Amount"/>).</param>
public sealed record CaptureHold(Guid PaymentId, long Amount, string? TxHash, long? BlockNumber, DateTimeOffset Now, HoldKind Kind = HoldKind.Payment,
    IReadOnlyList<RecipientShare>? Shares = null);

/// <summary>Reopen a captured payment whose settling transaction left the chain (see <see cref="CaptureReopened"/>).</summary>
public sealed record ReopenCapture(Guid PaymentId, long Amount, string Recipient, string? Host, DateTimeOffset HeldAt, string TxHash, DateTimeOffset Now,
    HoldKind Kind = HoldKind.Payment);

public sealed record VoidHold(Guid PaymentId, string Reason, DateTimeOffset Now);

public sealed record ApproveHold(Guid PaymentId, DateTimeOffset Now);

public sealed record DisableAccount(DateTimeOffset Now);
