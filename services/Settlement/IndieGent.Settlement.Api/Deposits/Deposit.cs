namespace IndieGent.Settlement.Api.Deposits;

/// <summary>
/// A confirmed token transfer to an agent wallet. Id "chainId:txHash:logIndex": one log, one
/// deposit, however often the range is scanned.
/// </summary>
/// <param name="ReversedAt">When a reorganisation removed it from its block (its credit is reversed); null while it stands.</param>
/// <param name="Generation">How often it was credited before: a log removed by a reorganisation and mined again at the same
/// place is credited anew, under <see cref="CreditId"/>'s next value.</param>
public sealed record Deposit(
    string Id, Guid AgentId, string To, string From, string Amount, string Token, string TxHash, long LogIndex,
    long BlockNumber, string BlockHash, DateTimeOffset ObservedAt, DateTimeOffset? ReversedAt = null, int Generation = 0)
{
    /// <summary>The id the ledger credits it under: <see cref="Id"/>, then "Id#n" for its n-th credit after reversals.</summary>
    public string CreditId => Generation == 0 ? Id : $"{Id}#{Generation}";
}
