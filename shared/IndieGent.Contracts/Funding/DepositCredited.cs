namespace IndieGent.Contracts.Funding;

/// <summary>
/// The Ledger credited a confirmed deposit to the agent's account, once per deposit id (a
/// redelivered <see cref="DepositObserved"/> credits nothing and announces nothing). Amount in base
/// units; <see cref="Available"/> is the account's spendable balance right after the credit.
/// </summary>
public sealed record DepositCredited(
    Guid CorrelationId, string DepositId, string ToAddress, string Amount, string TxHash, long LogIndex, long BlockNumber,
    long Available, DateTimeOffset At) : ICorrelatedMessage;
