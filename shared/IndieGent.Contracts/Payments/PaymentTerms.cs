namespace IndieGent.Contracts.Payments;

/// <summary>
/// What a payment pays, normalised from whichever challenge the merchant sent (MPP evm/charge,
/// the older dialect, x402 exact). Amounts are base units as decimal strings (uint256-safe);
/// addresses are 0x-prefixed hex and compared as 20-byte values.
/// </summary>
/// <param name="Protocol">One of <see cref="PaymentProtocols"/>, or "marketplace" for a marketplace call settled inside the ledger.</param>
/// <param name="CredentialType">"authorization" (EIP-3009), "permit2" (a Permit2 witness transfer), "transaction" or "hash".</param>
/// <param name="Host">The merchant host the SDK called, for host allow/deny lists.</param>
/// <param name="ChallengeId">The MPP challenge id (binds the EIP-3009 nonce), when there is one.</param>
/// <param name="Realm">The MPP realm, when there is one.</param>
/// <param name="ExpiresAt">When the challenge stops being payable.</param>
/// <param name="Challenge">The challenge being answered, as the merchant sent it (for MPP the
/// <c>Payment …</c> auth-param list): Settlement echoes it in the credential.</param>
/// <param name="Splits">For a <c>permit2</c> payment with splits: the other recipients' parts, paid from
/// <paramref name="Amount"/> (the primary recipient gets the rest).</param>
/// <param name="Spender">For a <c>permit2</c> payment: the account the permit lets move the funds (the server that submits it).</param>
public sealed record PaymentTerms(
    string Protocol,
    long ChainId,
    string Currency,
    string Recipient,
    string Amount,
    string CredentialType,
    string? Host,
    string? ChallengeId,
    string? Realm,
    DateTimeOffset? ExpiresAt,
    string? Challenge = null,
    IReadOnlyList<PaymentSplit>? Splits = null,
    string? Spender = null);
