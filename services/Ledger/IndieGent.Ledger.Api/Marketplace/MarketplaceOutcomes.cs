using System.Globalization;
using IndieGent.Contracts.Marketplace;
using IndieGent.Contracts.Payments;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Ledger.Api.Payments;
using IndieGent.Messaging;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Marketplace;

/// <summary>
/// A forwarded marketplace call's end, on the request path: the held price captured to the
/// provider's account when the upstream answered, voided when it failed — the account's events, the
/// call's saga and its status message in ONE commit. Only a call that was let through can end, and
/// only once: a repeated outcome answers where the call stands.
/// </summary>
public sealed class MarketplaceOutcomes(AccountLines lines, TimeProvider time)
{
    public enum Refusal
    {
        NotFound,
        NotStarted,
    }

    public async Task<(MarketplaceCharge? Charge, Refusal? Refusal)> RecordAsync(Guid agentId, Guid callId, MarketplaceCallOutcome outcome,
        CancellationToken ct) =>
        // The deadline's void (or a concurrent reservation) may commit first: then the outcome is decided again.
        await lines.RunAsync(agentId, callId, (services, token) => RecordOnceAsync(agentId, callId, outcome,
            services.GetRequiredService<IDocumentSession>(), services.GetRequiredService<IPublishEndpoint>(), token), ct);

    private async Task<(MarketplaceCharge?, Refusal?)> RecordOnceAsync(Guid agentId, Guid callId, MarketplaceCallOutcome outcome,
        IDocumentSession session, IPublishEndpoint publish, CancellationToken ct)
    {
        if (await session.LoadAsync<PaymentState>(callId, ct) is not { } saga || saga.AgentId != agentId || saga.Terms?.IsMarketplace() != true)
            return (null, Refusal.NotFound);
        if (saga.GetStatus() != PaymentStatus.Settling)
            return (Answer(saga), null);
        if (saga.CallStartedAt is null)
            return (null, Refusal.NotStarted);

        var now = time.GetUtcNow();
        if (outcome.Succeeded)
        {
            // The listed price, never more: a provider cannot make a call cost what it was not reserved for.
            await AccountService.AppendAsync(session, agentId, a => AgentAccountDecider.Decide(a,
                new CaptureHold(callId, saga.Amount, null, null, now, HoldKind.Marketplace)), ct);
            saga.CurrentState = nameof(PaymentStatus.Settled);
        }
        else
        {
            var reason = outcome.Reason is PaymentReason.UpstreamTimedOut ? PaymentReason.UpstreamTimedOut : PaymentReason.UpstreamFailed;
            await AccountService.AppendAsync(session, agentId, a => AgentAccountDecider.Decide(a, new VoidHold(callId, reason.ToString(), now)), ct);
            saga.CurrentState = nameof(PaymentStatus.Failed);
            saga.Reason = reason;
            saga.Detail = Truncate(outcome.Detail) ?? "The provider failed; the price was released.";
        }

        saga.UpdatedAt = now;
        session.Store(saga);
        await publish.Publish(new PaymentStatusChanged(saga.CorrelationId, saga.AgentId, saga.OperatorId, saga.GetStatus(),
            saga.Amount.ToString(CultureInfo.InvariantCulture), null, null, saga.Reason, saga.Detail, null, now), ct);
        await publish.Publish(new MarketplaceCallCompleted(callId, agentId, saga.OperatorId, outcome.Service, outcome.ProviderId, outcome.Succeeded,
            outcome.UpstreamStatus, Math.Max(0, outcome.LatencyMicroseconds), saga.Amount, saga.Reason, now), ct);
        return (Answer(saga), null);
    }

    private static string? Truncate(string? detail) => detail is { Length: > 500 } ? detail[..500] : detail;

    private static MarketplaceCharge Answer(PaymentState saga) =>
        new(saga.CorrelationId, saga.GetStatus(), saga.Amount, false, saga.Reason, saga.Detail);
}
