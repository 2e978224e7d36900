namespace IndieGent.Contracts.Agents;

/// <summary>The operator disabled an agent: its keys stop working and the Ledger reserves nothing more for it.</summary>
public sealed record AgentDisabled(Guid AgentId, Guid OperatorId, DateTimeOffset At) : ICorrelatedMessage
{
    public Guid CorrelationId => AgentId;
}
