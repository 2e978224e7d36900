using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Ledger.Providers;
using IndieGent.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Payments;

/// <summary>
/// Appends into the consume's session: inside the Marten outbox the account's events commit with
/// the saga's state and its messages, and a concurrent append makes that commit fail and the
/// endpoint's retry run the step again.
/// </summary>
public sealed class ConsumeSessionAccountWriter(IOptions<LedgerOptions> ledger, TimeProvider time) : IAccountWriter
{
    public Task AppendAsync(ConsumeContext context, Guid agentId, Func<AgentAccount, IReadOnlyList<object>> decide) =>
        AccountService.AppendAsync(context.ConsumeSession(), agentId, decide, context.CancellationToken);

    public Task AppendProviderAsync(ConsumeContext context, string payoutAddress, Func<ProviderAccount, IReadOnlyList<object>> decide) =>
        AccountService.AppendProviderAsync(context.ConsumeSession(), payoutAddress, ledger.Value.Currency, time.GetUtcNow(), decide,
            context.CancellationToken);
}
