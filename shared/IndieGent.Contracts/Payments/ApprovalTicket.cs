namespace IndieGent.Contracts.Payments;

/// <summary>
/// The Ledger's approval of one payment, as the Wallet's signer reads it: exactly what may be
/// signed for the payment (chain, token, recipient, at most this amount, this credential kind)
/// and until when a first signature may be made. It travels signed (see <c>ApprovalTicketCodec</c>):
/// only the Ledger holds the private key, so no other service — and nobody with access to the
/// broker — can mint one.
/// </summary>
/// <param name="Token">The token contract (0x + 40 hex digits).</param>
/// <param name="Recipient">The payee (0x + 40 hex digits).</param>
/// <param name="Amount">Base units, decimal string: the most the signature may move.</param>
/// <param name="CredentialType"><c>authorization</c>, <c>permit2</c>, <c>transaction</c> or <c>hash</c>.</param>
/// <param name="ExpiresAt">No first signature for the payment after this moment.</param>
/// <param name="Spender">For <c>permit2</c>: the only account the permit may name as spender.</param>
/// <param name="Splits">For <c>permit2</c> with splits: the other recipients and their parts of <paramref name="Amount"/>.</param>
public sealed record ApprovalTicket(
    Guid PaymentId,
    Guid AgentId,
    long ChainId,
    string Token,
    string Recipient,
    string Amount,
    string CredentialType,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string? Spender = null,
    IReadOnlyList<PaymentSplit>? Splits = null);
