namespace IndieGent.Ledger.Accounts;

/// <summary>How a payment ended on the account; a payment id decides once.</summary>
public enum PaymentOutcome
{
    Captured,
    Voided,
    Denied,
}
