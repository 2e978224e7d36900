namespace IndieGent.Settlement.Api.Deposits;

/// <summary>
/// A confirmed token transfer to an agent wallet. Id "chainId:txHash:logIndex": one log, one
/// deposit, however often the range is scanned.
/// </summary>
public sealed record Deposit(
    string Id, Guid AgentId, string To, string From, string Amount, string Token, string TxHash, long LogIndex,
    long BlockNumber, string BlockHash, DateTimeOffset ObservedAt);
