namespace IndieGent.Ledger.Accounts;

/// <summary>
/// One balanced double-entry line: <see cref="Amount"/> moves from <see cref="Debit"/> to
/// <see cref="Credit"/> (ledger account names, see <see cref="LedgerAccounts"/>). A single amount
/// with both sides makes every entry balanced by construction.
/// </summary>
public sealed record JournalEntry(
    string EntryId, Guid? PaymentId, string Debit, string Credit, long Amount, string Currency,
    JournalEntryKind Kind, string? Reference, DateTimeOffset At);
