namespace IndieGent.Contracts.Payments;

/// <summary>Where a payment stands: the PaymentSaga's states, serialized by name in every message and API.</summary>
public enum PaymentStatus
{
    /// <summary>Funds held above the agent's approval threshold; the operator decides.</summary>
    AwaitingApproval,

    /// <summary>Funds held and approved; the credential is being made.</summary>
    Settling,

    /// <summary>A credential the merchant settles (an EIP-3009 authorization, a signed transaction) was issued.</summary>
    Authorized,

    /// <summary>Our own transfer is on its way on chain; its <c>hash</c> credential comes once confirmed.</summary>
    Broadcast,

    /// <summary>The transfer is confirmed on chain and the hold captured.</summary>
    Settled,

    /// <summary>A spending rule, the operator, or an unusable request refused it; nothing was held or the hold was voided.</summary>
    Denied,

    /// <summary>Settlement could not pay it; the hold was voided.</summary>
    Failed,

    /// <summary>The approval window or the credential ran out unused; the hold was voided.</summary>
    Expired,
}
