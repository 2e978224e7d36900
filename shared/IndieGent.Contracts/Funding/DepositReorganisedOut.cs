namespace IndieGent.Contracts.Funding;

/// <summary>
/// Alert: a deposit the ledger credited is no longer where it was on chain — a reorganisation deeper than the configured
/// confirmations replaced its block. The Ledger reverses the credit (once per <see cref="DepositId"/>); should the transfer
/// be mined again, it is observed and credited anew under another deposit id. Never silently ignored: operators hear it.
/// </summary>
/// <param name="DepositId">The credited deposit (the id its <see cref="DepositObserved"/> carried).</param>
/// <param name="BlockNumber">The block it was credited from.</param>
/// <param name="BlockHash">That block's hash when it was credited; the chain now has another block there, or none.</param>
public sealed record DepositReorganisedOut(
    Guid CorrelationId, string DepositId, string ToAddress, string Amount, string TxHash, long BlockNumber, string BlockHash,
    DateTimeOffset At) : ICorrelatedMessage;

/// <summary>The Ledger reversed a deposit's credit after <see cref="DepositReorganisedOut"/>; <see cref="Available"/> is the balance right after (it may be negative: the agent spent money the chain no longer gave it).</summary>
public sealed record DepositReversed(Guid CorrelationId, string DepositId, string Amount, string TxHash, long Available, DateTimeOffset At)
    : ICorrelatedMessage;
