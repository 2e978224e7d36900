namespace IndieGent.Ledger.Accounts;

// Auto-top-up on the agent's stream: decided in the same append as the reservation that crossed the
// threshold, so concurrent payments see one crossing and start one top-up. Moves no money by itself:
// the money moves by a treasury → agent transfer (id = TopUpId) and arrives as a deposit.

/// <summary>The reservation of <paramref name="PaymentId"/> took the balance below the threshold: a top-up of <paramref name="Amount"/> starts.</summary>
public sealed record TopUpTriggered(Guid AgentId, Guid TopUpId, Guid PaymentId, long Amount, long AvailableAfter, DateTimeOffset At);

/// <summary>The threshold was crossed, but the day's top-ups already reached the daily maximum: none starts.</summary>
public sealed record TopUpSkipped(Guid AgentId, Guid PaymentId, long AvailableAfter, long ToppedUpToday, long DailyMaximum, DateTimeOffset At);

/// <summary>The top-up's transfer was confirmed on chain (the agent is credited by its deposit).</summary>
public sealed record TopUpSettled(Guid AgentId, Guid TopUpId, string? TxHash, DateTimeOffset At);

/// <summary>The top-up did not happen (the treasury was short, the transfer failed); its amount no longer counts toward the day.</summary>
public sealed record TopUpFailed(Guid AgentId, Guid TopUpId, string Reason, string Detail, DateTimeOffset At);

/// <summary>How a top-up ended, for <see cref="AgentAccountDecider"/>.</summary>
public sealed record FinishTopUp(Guid TopUpId, bool Settled, string? TxHash, string? Reason, string? Detail, DateTimeOffset Now);
