namespace IndieGent.Contracts.TopUps;

/// <summary>
/// A reservation took the agent below its auto-top-up threshold (decided once per crossing, in the
/// reservation's commit): move <paramref name="Amount"/> base units from the operator's treasury to the
/// agent, as the transfer <paramref name="TopUpId"/>.
/// </summary>
public sealed record TopUpRequested(Guid TopUpId, Guid AgentId, Guid OperatorId, long Amount, DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => TopUpId;
}
