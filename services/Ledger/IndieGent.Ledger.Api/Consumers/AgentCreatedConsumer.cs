using IndieGent.Contracts.Agents;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Consumers;

/// <summary>Opens the new agent's account in the configured token, in the consume's commit. Opening twice is harmless.</summary>
public sealed class AgentCreatedConsumer(IOptions<LedgerOptions> options, TimeProvider time) : IConsumer<AgentCreated>
{
    public Task Consume(ConsumeContext<AgentCreated> context) =>
        AccountService.OpenAsync(context.ConsumeSession(), context.Message.AgentId, context.Message.OperatorId, options.Value.Currency,
            context.Message.WalletAddress, time.GetUtcNow(), context.CancellationToken);
}
