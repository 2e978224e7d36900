namespace IndieGent.Settlement.Api.Deposits;

/// <summary>
/// A transfer to an agent wallet announced as detected before its confirmations (id
/// "chainId:txHash:logIndex", as the <see cref="Deposit"/> it becomes): kept so that each is
/// announced once, however often the unconfirmed blocks are scanned.
/// </summary>
public sealed record PendingDeposit(string Id, Guid AgentId, string TxHash, long BlockNumber, DateTimeOffset DetectedAt);
