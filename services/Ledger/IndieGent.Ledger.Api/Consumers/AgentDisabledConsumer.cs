using IndieGent.Contracts.Agents;
using IndieGent.Ledger.Api.Accounts;
using MassTransit;

namespace IndieGent.Ledger.Api.Consumers;

/// <summary>A disabled agent reserves nothing more; holds already placed run their course.</summary>
public sealed class AgentDisabledConsumer(AccountService accounts) : IConsumer<AgentDisabled>
{
    public Task Consume(ConsumeContext<AgentDisabled> context) => accounts.DisableAsync(context.Message.AgentId, context.CancellationToken);
}
