namespace IndieGent.Contracts.Payments;

/// <summary>
/// Request (Settlement → Wallet, <c>POST /internal/signatures/transaction</c>): sign an EIP-1559
/// transaction from the agent's wallet for a payment the Ledger approved in <paramref name="Ticket"/>: the ERC-20 <c>transfer</c> itself, the same transfer again with higher fees
/// (a replacement, same nonce), or a zero-value transaction to the wallet itself at the transfer's
/// nonce that cancels it. Answered with <see cref="TransferTransactionSigned"/> or
/// <see cref="TransferTransactionRefused"/>.
/// </summary>
/// <remarks>
/// The Wallet assigns the nonce when it first signs the payment's transfer (the agent's next one,
/// at least <paramref name="NonceFloor"/>) in the same commit that records the signature, so a
/// refusal never leaves a gap and a payment never gets two nonces.
/// </remarks>
/// <param name="Kind"><c>transfer</c> or <c>cancel</c>.</param>
/// <param name="Value">Base units of the token, decimal string.</param>
/// <param name="MaxFeePerGas">Wei, decimal string.</param>
/// <param name="MaxPriorityFeePerGas">Wei, decimal string.</param>
/// <param name="NonceFloor">The wallet's transaction count on chain (pending), so a nonce is never reused.</param>
/// <param name="Ticket">The Ledger-signed <see cref="ApprovalTicket"/> of the payment.</param>
public sealed record SignTransferTransaction(
    Guid PaymentId, Guid AgentId, string Kind, long ChainId, string Token, string To, string Value, long GasLimit,
    string MaxFeePerGas, string MaxPriorityFeePerGas, long NonceFloor, string Ticket) : ICorrelatedMessage
{
    public const string Transfer = "transfer";
    public const string Cancel = "cancel";

    public Guid CorrelationId => PaymentId;
}
