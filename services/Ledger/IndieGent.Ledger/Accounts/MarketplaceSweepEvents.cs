namespace IndieGent.Ledger.Accounts;

// A net sweep on the agent's stream: the marketplace calls the ledger already captured (their money
// still in the agent's wallet on chain) move in ONE relayed EIP-3009 transfer to the marketplace
// settlement wallet. It changes no balance the agent can spend (the calls were posted when
// captured); it only says where the money physically is. Each provider's share is booked on that
// provider's account when the sweep is confirmed, so payouts pay only money that has arrived.

/// <summary>What one provider earned from the agent's calls in a sweep (payout address: 0x, lower case).</summary>
public sealed record ProviderShare(string PayoutAddress, long Amount);

/// <summary>The sweep under way on an agent account (at most one at a time).</summary>
public sealed record SweepInFlight(Guid SweepId, long Amount, IReadOnlyList<ProviderShare> Shares);

/// <summary>A sweep of <paramref name="Amount"/> (the sum of <paramref name="Shares"/>) started: its transfer is being relayed.</summary>
public sealed record MarketplaceSweepStarted(Guid AgentId, Guid SweepId, long Amount, IReadOnlyList<ProviderShare> Shares, DateTimeOffset At);

/// <summary>The sweep's transfer is confirmed on chain: the money left the agent's wallet.</summary>
public sealed record MarketplaceSwept(Guid AgentId, Guid SweepId, long Amount, IReadOnlyList<ProviderShare> Shares, string TxHash, long BlockNumber,
    DateTimeOffset At);

/// <summary>The sweep's transfer will not move money (nothing mined paid it): its shares wait for the next sweep.</summary>
public sealed record MarketplaceSweepFailed(Guid AgentId, Guid SweepId, string Reason, DateTimeOffset At);

/// <summary>
/// The sweep's confirmed transfer left the chain (a reorganisation deeper than the confirmations): the money is in the agent's
/// wallet again while Settlement sends the same transaction again. Its amount counts as unswept and in flight until the sweep
/// is confirmed anew (<see cref="MarketplaceSwept"/>) or fails (<see cref="MarketplaceSweepFailed"/>, its shares back in the pool).
/// </summary>
public sealed record MarketplaceSweepReopened(Guid AgentId, Guid SweepId, long Amount, IReadOnlyList<ProviderShare> Shares, string TxHash, DateTimeOffset At);

/// <summary>Start a sweep of everything captured and not yet swept, when it is at least <paramref name="Minimum"/>.</summary>
public sealed record StartSweep(long Minimum, DateTimeOffset Now);

/// <summary>How a sweep ended, for <see cref="AgentAccountDecider"/>.</summary>
public sealed record FinishSweep(Guid SweepId, bool Settled, long Amount, IReadOnlyList<ProviderShare> Shares, string? TxHash, long? BlockNumber,
    string? Reason, DateTimeOffset Now);

/// <summary>A confirmed sweep whose transfer <paramref name="TxHash"/> left the chain, for <see cref="AgentAccountDecider"/>.</summary>
public sealed record ReopenSweep(Guid SweepId, long Amount, IReadOnlyList<ProviderShare> Shares, string TxHash, DateTimeOffset Now);
