namespace IndieGent.Contracts.Payments;

/// <summary>
/// Request (Settlement → Wallet, <c>POST /internal/signatures/authorization</c>): sign an EIP-3009
/// <c>TransferWithAuthorization</c> from the agent's wallet for a payment the Ledger approved in
/// <paramref name="Ticket"/>. Answered with <see cref="TransferAuthorizationSigned"/> or
/// <see cref="TransferAuthorizationRefused"/>.
/// </summary>
/// <param name="Value">Base units, decimal string.</param>
/// <param name="Nonce">0x + 64 hex digits; for MPP keccak256(challenge id ‖ realm).</param>
/// <param name="Ticket">The Ledger-signed <see cref="ApprovalTicket"/> of the payment.</param>
public sealed record SignTransferAuthorization(
    Guid PaymentId, Guid AgentId, long ChainId, string Token, string TokenName, string TokenVersion,
    string To, string Value, long ValidAfter, long ValidBefore, string Nonce, string Ticket) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
