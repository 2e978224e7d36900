using IndieGent.Ledger.Accounts;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IndieGent.Ledger.Api.Accounts;

/// <summary>
/// Folds an agent's stream into <see cref="AgentAccount"/>, inline: the snapshot is written in the
/// same transaction as the events, so a reservation reads a state that matches the stream version
/// it appends on.
/// </summary>
public sealed class AgentAccountProjection : SingleStreamProjection<AgentAccount, Guid>
{
    public override AgentAccount? Evolve(AgentAccount? snapshot, Guid id, IEvent e) => e.Data switch
    {
        AccountOpened opened => AgentAccount.Open(opened),
        _ => snapshot?.When(e.Data),
    };
}
