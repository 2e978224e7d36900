using IndieGent.Contracts.Agents;
using IndieGent.Ledger.Api.Accounts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Consumers;

/// <summary>Opens the new agent's account in the configured token. Opening twice is harmless.</summary>
public sealed class AgentCreatedConsumer(AccountService accounts, IOptions<LedgerOptions> options) : IConsumer<AgentCreated>
{
    public Task Consume(ConsumeContext<AgentCreated> context) =>
        accounts.OpenAsync(context.Message.AgentId, context.Message.OperatorId, options.Value.Currency, context.Message.WalletAddress,
            context.CancellationToken);
}
