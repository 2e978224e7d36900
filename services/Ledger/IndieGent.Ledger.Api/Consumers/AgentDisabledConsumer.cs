using IndieGent.Contracts.Agents;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Ledger.Api.Consumers;

/// <summary>A disabled agent reserves nothing more; holds already placed run their course.</summary>
public sealed class AgentDisabledConsumer(TimeProvider time) : IConsumer<AgentDisabled>
{
    public Task Consume(ConsumeContext<AgentDisabled> context) =>
        AccountService.AppendAsync(context.ConsumeSession(), context.Message.AgentId,
            a => AgentAccountDecider.Decide(a, new DisableAccount(time.GetUtcNow())), context.CancellationToken);
}
