using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Providers;
using MassTransit;

namespace IndieGent.Ledger.Api.Payments;

/// <summary>
/// How a saga step writes the agent's account: decide on the account as the step reads it and
/// append the events to the step's own commit. The service writes into the consume's Marten
/// session (<see cref="ConsumeSessionAccountWriter"/>); the saga's specs keep accounts in memory.
/// </summary>
public interface IAccountWriter
{
    Task AppendAsync(ConsumeContext context, Guid agentId, Func<AgentAccount, IReadOnlyList<object>> decide);

    /// <summary>The same for a marketplace provider's account (opened on its first write).</summary>
    Task AppendProviderAsync(ConsumeContext context, string payoutAddress, Func<ProviderAccount, IReadOnlyList<object>> decide);
}
