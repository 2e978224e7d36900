namespace IndieGent.Contracts.Funding;

/// <summary>
/// An ERC-20 Transfer to an agent's address reached the configured confirmations. The deposit id
/// is "chainId:txHash:logIndex", so each log credits the ledger once.
/// </summary>
public sealed record DepositObserved(
    Guid CorrelationId, string DepositId, string ToAddress, string FromAddress, string Amount, string Currency,
    string TxHash, long LogIndex, long BlockNumber, DateTimeOffset At) : ICorrelatedMessage;
