namespace IndieGent.Wallet.Policies;

/// <summary>
/// The stored policy of one agent. <see cref="Version"/> starts at 1 and grows by one per change;
/// it is the ETag clients send back in <c>If-Match</c>.
/// </summary>
public sealed record AgentPolicy(Guid Id, Guid OperatorId, int Version, SpendingPolicy Policy, DateTimeOffset UpdatedAt);
