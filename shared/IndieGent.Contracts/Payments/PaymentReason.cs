namespace IndieGent.Contracts.Payments;

/// <summary>
/// Why a payment was denied, failed or expired: one stable name per rule or failure, serialized by
/// name in every message and API, and the last segment of the Gateway's problem type
/// (<c>ExceedsDailyBudget</c> → <c>…/problems/exceeds-daily-budget</c>).
/// </summary>
public enum PaymentReason
{
    // The agent's spending rules and account (the reservation).
    InsufficientFunds,
    ExceedsPerPaymentLimit,
    ExceedsDailyBudget,
    ExceedsMonthlyBudget,
    RecipientDenied,
    RecipientNotAllowed,
    HostDenied,
    HostNotAllowed,
    AccountDisabled,
    AccountNotFound,
    InvalidAmount,
    UnsupportedCurrency,
    UnsupportedChain,

    // The operator.
    RejectedByOperator,
    ApprovalTimedOut,

    // Settlement.
    SettlementUnavailable,
    ChallengeExpired,
    InvalidChallenge,
    InvalidRecipient,
    UnsupportedProtocol,
    UnsupportedCredentialType,
    InsufficientGas,
    SigningRefused,
    TransferReverted,
    NonceUsedElsewhere,

    // The credential ran out unused: the payment expired rather than failed.
    AuthorizationExpired,
    CredentialUnused,

    // Marketplace calls: the provider failed (the held price is voided, the agent pays nothing).
    UpstreamFailed,
    UpstreamTimedOut,
    /// <summary>The call's outcome never reached the Ledger in time (the caller vanished): voided.</summary>
    CallUnresolved,
}
