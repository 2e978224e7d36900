using IndieGent.Contracts.Agents;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Ledger.Api.Consumers;

/// <summary>
/// Applies the operator's policy to the account stream, so a reservation checks balance and policy
/// against one version of the account. An older or repeated version changes nothing.
/// </summary>
public sealed class SpendingPolicyChangedConsumer(TimeProvider time) : IConsumer<SpendingPolicyChanged>
{
    public Task Consume(ConsumeContext<SpendingPolicyChanged> context)
    {
        var m = context.Message;
        var policy = new SpendingPolicy(m.MaxPerPayment, m.DailyBudget, m.MonthlyBudget,
            m.AllowedRecipients, m.DeniedRecipients, m.AllowedHosts, m.DeniedHosts, m.ApprovalThreshold,
            m.AutoTopUp is { } rule ? new AutoTopUpRule(rule.Threshold, rule.Target, rule.DailyMaximum) : null);
        return AccountService.AppendAsync(context.ConsumeSession(), m.AgentId, a => m.Version > a.PolicyVersion
            ? [new SpendingPolicyApplied(m.AgentId, policy, m.Version, time.GetUtcNow())]
            : [], context.CancellationToken);
    }
}
