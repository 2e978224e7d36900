namespace IndieGent.Ledger.Api.Accounts;

public enum PaymentLedgerStatus
{
    AwaitingApproval,
    Held,
    Captured,
    Voided,
    Denied,
}
