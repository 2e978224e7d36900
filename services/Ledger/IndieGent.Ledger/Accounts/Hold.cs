namespace IndieGent.Ledger.Accounts;

/// <summary>An open reservation (pending debit) on an agent account.</summary>
public sealed record Hold(Guid PaymentId, long Amount, string Recipient, string? Host, DateTimeOffset At, bool AwaitingApproval);
