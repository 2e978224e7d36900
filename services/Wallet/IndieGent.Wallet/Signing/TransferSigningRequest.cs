namespace IndieGent.Wallet.Signing;

/// <summary>
/// A request to sign an EIP-3009 <c>TransferWithAuthorization</c> for a payment. The token's
/// EIP-712 name and version come with it (Settlement reads them from the token); a wrong one only
/// produces a signature the token rejects, so it is not checked here. Value and nonce are text:
/// a decimal uint256 and 0x + 64 hex digits.
/// </summary>
public sealed record TransferSigningRequest(
    Guid PaymentId,
    Guid AgentId,
    long ChainId,
    string Token,
    string TokenName,
    string TokenVersion,
    string To,
    string Value,
    long ValidAfter,
    long ValidBefore,
    string Nonce);
