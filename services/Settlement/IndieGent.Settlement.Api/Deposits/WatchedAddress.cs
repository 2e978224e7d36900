namespace IndieGent.Settlement.Api.Deposits;

/// <summary>An agent wallet whose incoming token transfers are deposits. Id: the lower-case 0x address.</summary>
/// <param name="Backfilled">
/// Whether the blocks scanned before Settlement heard of the wallet were searched for it: a deposit sent the moment a
/// wallet is created can be confirmed (and its range scanned) before the wallet's event arrives.
/// </param>
public sealed record WatchedAddress(string Id, Guid AgentId, DateTimeOffset Since, bool Backfilled = false);
