using System.Globalization;
using IndieGent.Contracts.Marketplace;
using IndieGent.Contracts.Payments;
using IndieGent.Contracts.TopUps;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Messaging;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Payments;

/// <summary>
/// The first step of a payment, on the request path: the reservation on the agent's account
/// stream (balance, caps, budgets, lists, approval threshold — one optimistic append), the
/// payment's saga in the state that decision puts it in, and the saga's first deadline, all in ONE
/// commit. A hold therefore never exists without its saga, and never without a deadline.
/// </summary>
/// <remarks>
/// A payment requested again (same agent and Idempotency-Key) with the same terms gets where it
/// stands now; with other terms it is a conflict, decided against the stored saga, so two
/// concurrent requests with one key and different challenges cannot both be answered.
/// </remarks>
public sealed class PaymentReservations(
    AccountLines lines, PaymentTickets tickets, IOptions<LedgerOptions> ledger,
    IOptions<PaymentSagaOptions> options, TimeProvider time)
{
    /// <summary>The saga's queue: its deadlines are scheduled there, as the state machine's own are.</summary>
    public const string SagaQueueName = "ledger-payment-saga";

    private static readonly Uri SagaQueue = new("queue:" + SagaQueueName);

    /// <summary>The decision, or null when the payment exists with other terms.</summary>
    public async Task<CapChecked?> ReserveAsync(PaymentRequested request, CancellationToken ct) =>
        (await ReserveOrClaimAsync(request, null, ct))?.Answer;

    /// <summary>
    /// A marketplace call's charge: reserved under every rule as a payment is; <c>Proceed</c> for
    /// the one request that reserved it, or the first to come back after the operator approved it —
    /// and for that request's <paramref name="attempt"/> sent again. Null when the call id exists with other terms.
    /// </summary>
    public async Task<MarketplaceCharge?> ChargeAsync(PaymentRequested request, Guid attempt, CancellationToken ct) =>
        await ReserveOrClaimAsync(request, attempt, ct) is { } decided
            ? new MarketplaceCharge(request.PaymentId, decided.Answer.Status, decided.Answer.Amount, decided.Claimed, decided.Answer.Reason,
                decided.Answer.Detail)
            : null;

    private Task<(CapChecked Answer, bool Claimed)?> ReserveOrClaimAsync(PaymentRequested request, Guid? attempt, CancellationToken ct) =>
        // The step's session is also the bus outbox the deadline is scheduled in; the line commits it.
        lines.RunAsync(request.AgentId, request.PaymentId, (services, token) => ReserveOnceAsync(request, attempt,
            services.GetRequiredService<IDocumentSession>(), services.GetRequiredService<IMessageScheduler>(),
            services.GetRequiredService<IPublishEndpoint>(), token), ct);

    private async Task<(CapChecked, bool)?> ReserveOnceAsync(PaymentRequested m, Guid? attempt, IDocumentSession session, IMessageScheduler scheduler,
        IPublishEndpoint publish, CancellationToken ct)
    {
        if (await session.LoadAsync<PaymentState>(m.PaymentId, ct) is { } known)
        {
            if (known.AgentId != m.AgentId || known.Terms != m.Terms)
                return null;
            // An approved marketplace call nobody has made yet: this request makes it. The saga's
            // version decides between two such requests (the loser re-reads and is told it started).
            if (!known.Terms.IsMarketplace() || known.GetStatus() != PaymentStatus.Settling)
                return (Answer(known), false);
            if (known.CallStartedAt is not null)
                return (Answer(known), attempt is not null && known.CallAttempt == attempt);
            known.CallStartedAt = time.GetUtcNow();
            known.CallAttempt = attempt;
            known.UpdatedAt = known.CallStartedAt.Value;
            session.Store(known);
            return (Answer(known), true);
        }

        var now = time.GetUtcNow();
        var saga = new PaymentState
        {
            CorrelationId = m.PaymentId,
            AgentId = m.AgentId,
            OperatorId = m.OperatorId,
            IdempotencyKey = m.IdempotencyKey,
            Terms = m.Terms,
            RequestedAt = m.RequestedAt,
            UpdatedAt = now,
        };

        var marketplace = m.Terms.IsMarketplace();
        var (status, topUp) = await DecideAsync(saga, m, session, ct);
        // The crossing's top-up is asked for in the reservation's own commit: one crossing, one request.
        if (topUp is not null)
            await publish.Publish(new TopUpRequested(topUp.TopUpId, m.AgentId, m.OperatorId, topUp.Amount, topUp.At), ct);
        saga.CurrentState = status.ToString();
        if (status == PaymentStatus.AwaitingApproval)
            saga.ApprovalTimeoutTokenId = (await scheduler.ScheduleSend(SagaQueue, (now + options.Value.ApprovalWindow).UtcDateTime,
                new ApprovalWindowClosed(m.PaymentId), ct)).TokenId;
        else if (status == PaymentStatus.Settling)
            saga.SettlementTimeoutTokenId = (await scheduler.ScheduleSend(SagaQueue,
                (now + (marketplace ? options.Value.MarketplaceCallPatience : options.Value.SettlementPatience)).UtcDateTime,
                new SettlementOverdue(m.PaymentId), ct)).TokenId;
        // The request that reserved a marketplace call makes it.
        if (marketplace && status == PaymentStatus.Settling)
            (saga.CallStartedAt, saga.CallAttempt) = (now, attempt);

        // A payment that stops here, held for the operator or refused, is announced with the reservation (the
        // operators' live views hear it); one that settles on is announced by the saga's next step.
        if (status is PaymentStatus.AwaitingApproval or PaymentStatus.Denied)
            await publish.Publish(PaymentStateMachine.StatusOf(saga, time), ct);
        session.Insert(saga);
        return (Answer(saga), saga.CallStartedAt is not null);
    }

    // A permit2 payment's splits: each a positive amount to a recipient, together less than the payment (its primary recipient gets the rest).
    private static bool SplitsFit(IReadOnlyList<PaymentSplit> splits, long amount)
    {
        long sum = 0;
        foreach (var split in splits)
        {
            if (string.IsNullOrWhiteSpace(split.Recipient) ||
                !long.TryParse(split.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var part) || part <= 0 || (sum += part) >= amount)
                return false;
        }

        return true;
    }

    private async Task<(PaymentStatus, TopUpTriggered?)> DecideAsync(PaymentState saga, PaymentRequested m, IDocumentSession session, CancellationToken ct)
    {
        var terms = m.Terms;
        if (!long.TryParse(terms.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            return (Deny(saga, PaymentReason.InvalidAmount, $"The amount {terms.Amount} is not a positive number of base units the ledger can hold."), null);
        saga.Amount = amount;
        if (!string.Equals(terms.Currency, ledger.Value.Currency, StringComparison.OrdinalIgnoreCase))
            return (Deny(saga, PaymentReason.UnsupportedCurrency, $"Accounts are kept in {ledger.Value.Currency}, not {terms.Currency}."), null);
        if (ledger.Value.ChainId is { } chainId && terms.ChainId != chainId)
            return (Deny(saga, PaymentReason.UnsupportedChain, $"Accounts are kept on chain {chainId}, not {terms.ChainId}."), null);
        if (terms.Splits is { Count: > 0 } splits && !SplitsFit(splits, amount))
            return (Deny(saga, PaymentReason.InvalidAmount, "The splits are not positive amounts to non-empty recipients summing to less than the payment."), null);

        IReadOnlyList<object> events;
        try
        {
            events = await AccountService.AppendAsync(session, m.AgentId, a => AgentAccountDecider.Decide(a,
                new ReserveFunds(m.PaymentId, amount, terms.Recipient.ToLowerInvariant(), terms.Host, terms.ChallengeId, time.GetUtcNow(),
                    terms.IsMarketplace() ? HoldKind.Marketplace : HoldKind.Payment,
                    terms.Splits?.Select(s => s.Recipient.ToLowerInvariant()).ToArray())), ct);
        }
        catch (AccountNotFoundException)
        {
            return (Deny(saga, PaymentReason.AccountNotFound, "The agent has no ledger account (yet)."), null);
        }

        var status = events.FirstOrDefault() switch
        {
            HoldPlaced { AwaitingApproval: true } => PaymentStatus.AwaitingApproval,
            HoldPlaced => PaymentStatus.Settling,
            ReservationDenied denied => Deny(saga, ReasonOf(denied.Reason), denied.Detail),
            // The account decided this payment before, yet it has no saga: impossible since both
            // commit together; refuse to guess rather than answer something made up.
            _ => throw new InvalidOperationException($"Payment {m.PaymentId} was reserved before without its saga."),
        };
        return (status, events.OfType<TopUpTriggered>().SingleOrDefault());
    }

    // The account's own refusal, as every service names it.
    private static PaymentReason ReasonOf(DenialReason denial) => denial switch
    {
        DenialReason.InsufficientFunds => PaymentReason.InsufficientFunds,
        DenialReason.ExceedsPerPaymentLimit => PaymentReason.ExceedsPerPaymentLimit,
        DenialReason.ExceedsDailyBudget => PaymentReason.ExceedsDailyBudget,
        DenialReason.ExceedsMonthlyBudget => PaymentReason.ExceedsMonthlyBudget,
        DenialReason.RecipientDenied => PaymentReason.RecipientDenied,
        DenialReason.RecipientNotAllowed => PaymentReason.RecipientNotAllowed,
        DenialReason.HostDenied => PaymentReason.HostDenied,
        DenialReason.HostNotAllowed => PaymentReason.HostNotAllowed,
        DenialReason.AccountDisabled => PaymentReason.AccountDisabled,
        DenialReason.RejectedByOperator => PaymentReason.RejectedByOperator,
        DenialReason.InvalidAmount => PaymentReason.InvalidAmount,
        _ => throw new ArgumentOutOfRangeException(nameof(denial), denial, "A denial reason without its payment reason."),
    };

    private static PaymentStatus Deny(PaymentState saga, PaymentReason reason, string detail)
    {
        saga.Reason = reason;
        saga.Detail = detail;
        return PaymentStatus.Denied;
    }

    private CapChecked Answer(PaymentState saga)
    {
        var status = saga.GetStatus();
        // A ticket only while Settlement may still have to be asked: before the credential exists,
        // or for a transfer not yet confirmed (asking again answers what is recorded).
        var ticket = saga.Terms!.IsMarketplace() ? null
            : status is PaymentStatus.Settling or PaymentStatus.Broadcast ||
                     status == PaymentStatus.Authorized && saga.Credential is null
            ? tickets.For(saga)
            : null;
        return new CapChecked(saga.CorrelationId, saga.AgentId, status, saga.Terms!, saga.Amount, ticket, saga.Credential, saga.ValidBefore,
            saga.TxHash, saga.Reason, saga.Detail, time.GetUtcNow());
    }
}
