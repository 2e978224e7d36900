namespace IndieGent.Contracts.Payments;

/// <summary>Response: a signed transaction from the agent's wallet <paramref name="From"/>.</summary>
/// <param name="RawTransaction">0x-prefixed signed RLP: a bearer instrument until mined; never logged.</param>
public sealed record TransferTransactionSigned(
    Guid PaymentId, string From, string Kind, long Nonce, string MaxFeePerGas, string MaxPriorityFeePerGas, string RawTransaction, string TxHash)
    : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
