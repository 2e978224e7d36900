namespace IndieGent.Contracts.Payments;

/// <summary>
/// Request (Settlement → Wallet): sign an EIP-3009 <c>TransferWithAuthorization</c> from the agent's
/// wallet for an approved payment. Answered with <see cref="TransferAuthorizationSigned"/> or
/// <see cref="TransferAuthorizationRefused"/>.
/// </summary>
/// <param name="Value">Base units, decimal string.</param>
/// <param name="Nonce">0x + 64 hex digits; for MPP keccak256(challenge id ‖ realm).</param>
public sealed record SignTransferAuthorization(
    Guid PaymentId, Guid AgentId, long ChainId, string Token, string TokenName, string TokenVersion,
    string To, string Value, long ValidAfter, long ValidBefore, string Nonce) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
