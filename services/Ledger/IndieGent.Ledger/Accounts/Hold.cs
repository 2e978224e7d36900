namespace IndieGent.Ledger.Accounts;

/// <summary>An open reservation (pending debit) on an agent account (or a treasury's): for a payment, or a transfer.</summary>
public sealed record Hold(Guid PaymentId, long Amount, string Recipient, string? Host, DateTimeOffset At, bool AwaitingApproval,
    HoldKind Kind = HoldKind.Payment);
