namespace IndieGent.Settlement.Api.Deposits;

/// <summary>An agent wallet whose incoming token transfers are deposits. Id: the lower-case 0x address.</summary>
public sealed record WatchedAddress(string Id, Guid AgentId, DateTimeOffset Since);
