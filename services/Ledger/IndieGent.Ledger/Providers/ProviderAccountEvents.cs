namespace IndieGent.Ledger.Providers;

// A marketplace provider's account (stream id = ProviderAccounts.IdOf(payout address)): what of its
// earnings has arrived in the marketplace settlement wallet (booked when an agent's sweep is
// confirmed), and what was paid out of it on chain. Earnings not yet swept stay on the agents'
// accounts (their UnsweptByProvider). Amounts in base units of the token.

/// <param name="PayoutAddress">0x, lower case.</param>
public sealed record ProviderAccountOpened(Guid ProviderAccountId, string PayoutAddress, string Currency, DateTimeOffset At);

/// <summary>An agent's confirmed sweep carried <paramref name="Amount"/> of this provider's earnings into the settlement wallet.</summary>
public sealed record ProviderEarningsSwept(Guid ProviderAccountId, Guid SweepId, Guid AgentId, long Amount, DateTimeOffset At);

/// <summary>A payout of <paramref name="Amount"/> started: its relayed transfer from the settlement wallet is under way.</summary>
public sealed record PayoutStarted(Guid ProviderAccountId, Guid PayoutId, long Amount, DateTimeOffset At);

/// <summary>The payout's transfer is confirmed on chain: the provider has the money.</summary>
public sealed record PayoutSettled(Guid ProviderAccountId, Guid PayoutId, long Amount, string TxHash, long BlockNumber, DateTimeOffset At);

/// <summary>The payout's transfer will not move money: its amount waits for the next payout.</summary>
public sealed record PayoutFailed(Guid ProviderAccountId, Guid PayoutId, string Reason, DateTimeOffset At);

/// <summary>
/// The confirmed sweep that brought <paramref name="Amount"/> of this provider's earnings left the chain (a reorganisation): the
/// money is back in the agent's wallet, so it is no longer in the settlement wallet until the sweep is confirmed anew.
/// </summary>
public sealed record ProviderEarningsReopened(Guid ProviderAccountId, Guid SweepId, long Amount, DateTimeOffset At);

/// <summary>
/// The confirmed payout's transfer <paramref name="TxHash"/> left the chain (a reorganisation): the money is in the settlement
/// wallet again and the payout in flight until it is confirmed anew (<see cref="PayoutSettled"/>) or fails (<see cref="PayoutFailed"/>).
/// </summary>
public sealed record PayoutReopened(Guid ProviderAccountId, Guid PayoutId, long Amount, string TxHash, DateTimeOffset At);
