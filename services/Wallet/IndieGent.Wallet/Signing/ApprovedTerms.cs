namespace IndieGent.Wallet.Signing;

/// <summary>
/// What the Ledger reserved funds for: the payment's chain, token, recipient and amount (base
/// units, decimal string). Addresses are stored in EIP-55 form.
/// </summary>
public sealed record ApprovedTerms(long ChainId, string Token, string Recipient, string Amount, DateTimeOffset? ExpiresAt);
