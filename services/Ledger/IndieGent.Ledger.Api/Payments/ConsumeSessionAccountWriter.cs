using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Ledger.Api.Payments;

/// <summary>
/// Appends into the consume's session: inside the Marten outbox the account's events commit with
/// the saga's state and its messages, and a concurrent append makes that commit fail and the
/// endpoint's retry run the step again.
/// </summary>
public sealed class ConsumeSessionAccountWriter : IAccountWriter
{
    public Task AppendAsync(ConsumeContext context, Guid agentId, Func<AgentAccount, IReadOnlyList<object>> decide) =>
        AccountService.AppendAsync(context.ConsumeSession(), agentId, decide, context.CancellationToken);
}
