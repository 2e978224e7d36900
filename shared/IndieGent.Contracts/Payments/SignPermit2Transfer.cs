namespace IndieGent.Contracts.Payments;

/// <summary>
/// Request (Settlement → Wallet, <c>POST /internal/signatures/permit2</c>): sign a Permit2 witness transfer from the agent's
/// wallet (MPP <c>permit2</c>) for a payment the Ledger approved in <paramref name="Ticket"/>: one
/// <c>PermitWitnessTransferFrom</c>, or a <c>PermitBatchWitnessTransferFrom</c> when <paramref name="Transfers"/> holds the
/// primary recipient and splits. The witness is <c>PaymentWitness{challengeHash, externalId}</c>. Answered with
/// <see cref="Permit2TransferSigned"/> or <see cref="TransferAuthorizationRefused"/>.
/// </summary>
/// <param name="Permit2">The Permit2 contract (the EIP-712 domain's verifying contract).</param>
/// <param name="Spender">Who may submit the permit (the merchant's server).</param>
/// <param name="Transfers">Recipient and amount of each transfer, the primary recipient first.</param>
/// <param name="Nonce">Permit2's unordered nonce, decimal uint256.</param>
/// <param name="Deadline">Unix seconds; the permit is void in any later block.</param>
/// <param name="ChallengeHash">0x + 64 hex digits: keccak256(id ‖ realm) of the challenge answered.</param>
public sealed record SignPermit2Transfer(
    Guid PaymentId, Guid AgentId, long ChainId, string Permit2, string Token, string Spender, IReadOnlyList<PaymentSplit> Transfers,
    string Nonce, long Deadline, string ChallengeHash, string ExternalId, string Ticket) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}

/// <summary>Response: the permit's signature (0x + 130 hex) by the agent's wallet <paramref name="From"/>, for the first request's deadline.</summary>
public sealed record Permit2TransferSigned(Guid PaymentId, string From, string Signature, long Deadline) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}

/// <summary>
/// Request (Settlement → Wallet, <c>POST /internal/signatures/permit2-allowance</c>): sign the token's EIP-2612 <c>permit</c>
/// letting the Wallet's Permit2 move the agent's tokens (an unlimited allowance, made once per wallet), under the ticket of
/// the <c>permit2</c> payment that needs it. The platform's relayer submits it. Answered with
/// <see cref="Permit2AllowanceSigned"/> or <see cref="TransferAuthorizationRefused"/>.
/// </summary>
/// <param name="TokenNonce">The owner's EIP-2612 nonce at the token, decimal.</param>
/// <param name="Deadline">Unix seconds; the permit is void after it.</param>
public sealed record SignPermit2Allowance(
    Guid PaymentId, Guid AgentId, long ChainId, string Token, string TokenName, string TokenVersion, string Permit2, string TokenNonce,
    long Deadline, string Ticket) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}

/// <summary>Response: the EIP-2612 permit's signature by <paramref name="Owner"/> for <paramref name="Value"/> (decimal, the uint256 maximum).</summary>
public sealed record Permit2AllowanceSigned(Guid PaymentId, string Owner, string Value, string Signature) : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
