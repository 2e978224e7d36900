namespace IndieGent.Contracts.Funding;

/// <summary>
/// An ERC-20 Transfer to an agent's address was mined but has not yet reached the configured
/// confirmations: shown to the operator as pending, never credited (a reorganisation may still
/// remove it). <see cref="DepositObserved"/> follows once it is deep enough. The deposit id is the
/// same "chainId:txHash:logIndex".
/// </summary>
public sealed record DepositDetected(
    Guid CorrelationId, string DepositId, string ToAddress, string FromAddress, string Amount, string Currency,
    string TxHash, long LogIndex, long BlockNumber, int ConfirmationsRequired, DateTimeOffset At) : ICorrelatedMessage;
