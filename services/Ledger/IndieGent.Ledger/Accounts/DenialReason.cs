namespace IndieGent.Ledger.Accounts;

/// <summary>Why a reservation was refused; each maps to a stable problem type at the edge.</summary>
public enum DenialReason
{
    InsufficientFunds,
    ExceedsPerPaymentLimit,
    ExceedsDailyBudget,
    ExceedsMonthlyBudget,
    RecipientDenied,
    RecipientNotAllowed,
    HostDenied,
    HostNotAllowed,
    AccountDisabled,
    RejectedByOperator,
    InvalidAmount,
}
