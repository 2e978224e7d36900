using IndieGent.Contracts.Treasuries;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Consumers;

/// <summary>
/// Opens an operator's treasury account, in the consume's commit: an account like an agent's (credits
/// from deposits, holds and captures for transfers), with the treasury's wallet, and no spending policy. Opening twice is harmless.
/// </summary>
public sealed class TreasuryCreatedConsumer(IOptions<LedgerOptions> options, TimeProvider time) : IConsumer<TreasuryCreated>
{
    public Task Consume(ConsumeContext<TreasuryCreated> context) =>
        AccountService.OpenAsync(context.ConsumeSession(), context.Message.TreasuryId, context.Message.OperatorId, options.Value.Currency,
            context.Message.WalletAddress, time.GetUtcNow(), context.CancellationToken);
}
