using System.Globalization;
using IndieGent.Contracts.Marketplace;
using IndieGent.Contracts.Payments;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Payments;

/// <summary>
/// The PaymentSaga: PaymentRequested → reservation (CapChecked) → SettlePayment → CredentialIssued
/// or TxBroadcast → Confirmed → hold captured; the hold is voided on denial, failure or an
/// authorization that expired unsettled. Every waiting state has a deadline.
/// </summary>
/// <remarks>
/// <para>The first step is not a message: <see cref="PaymentReservations"/> reserves on the request
/// path and creates the instance, already in Denied, AwaitingApproval or Settling with its first
/// deadline, in the reservation's commit. From there the machine follows the messages.</para>
/// <para>Each step's account events (approve, capture, void), the saga's state and every message
/// it sends commit together in the consume's outbox transaction; a concurrent append to the
/// account makes the commit fail and the endpoint's retry runs the step again on fresh state.</para>
/// <para>A hold is voided on a deadline only while no credential exists, or on Settlement's word
/// that the authorization can no longer be used: until then the merchant may still settle it.
/// A settlement confirmed after a void is still captured, so the ledger always equals the chain.</para>
/// </remarks>
public sealed class PaymentStateMachine : MassTransitStateMachine<PaymentState>
{
    public PaymentStateMachine(IAccountWriter accounts, PaymentTickets tickets, IOptions<PaymentSagaOptions> options, TimeProvider time)
    {
        var limits = options.Value;
        InstanceState(x => x.CurrentState);
        // Settlement says an outcome again when asked, and a watcher may say it twice around a
        // crash: what arrives after the saga moved on changes nothing.
        OnUnhandledEvent(context => context.Ignore());

        // Every later message names a payment whose saga may be gone from this database (a
        // message for another environment, a replay): it is dropped, not faulted.
        Event(() => ApprovalDecided, x => x.CorrelateById(m => m.Message.PaymentId).OnMissingInstance(m => m.Discard()));
        Event(() => CredentialIssued, x => x.CorrelateById(m => m.Message.PaymentId).OnMissingInstance(m => m.Discard()));
        Event(() => TxBroadcast, x => x.CorrelateById(m => m.Message.PaymentId).OnMissingInstance(m => m.Discard()));
        Event(() => Confirmed, x => x.CorrelateById(m => m.Message.PaymentId).OnMissingInstance(m => m.Discard()));
        Event(() => SettlementFailed, x => x.CorrelateById(m => m.Message.PaymentId).OnMissingInstance(m => m.Discard()));
        Event(() => SettlementReorganisedOut, x => x.CorrelateById(m => m.Message.PaymentId).OnMissingInstance(m => m.Discard()));
        Schedule(() => ApprovalTimeout, x => x.ApprovalTimeoutTokenId, s =>
        {
            s.Delay = limits.ApprovalWindow;
            s.Received = r => r.CorrelateById(m => m.Message.PaymentId).OnMissingInstance(m => m.Discard());
        });
        Schedule(() => SettlementTimeout, x => x.SettlementTimeoutTokenId, s =>
        {
            s.Delay = limits.SettlementPatience;
            s.Received = r => r.CorrelateById(m => m.Message.PaymentId).OnMissingInstance(m => m.Discard());
        });

        During(AwaitingApproval,
            When(ApprovalDecided, context => context.Message.Approved && context.Message.AgentId == context.Saga.AgentId)
                .Unschedule(ApprovalTimeout)
                .ThenAsync(context => AppendAsync(context, accounts, (a, now) => AgentAccountDecider.Decide(a, new ApproveHold(context.Saga.CorrelationId, now)), time))
                .Then(context => Touch(context.Saga, time))
                .TransitionTo(Settling)
                // A marketplace call is made by the agent's next request; nothing goes to Settlement.
                .If(context => !IsMarketplace(context.Saga), settle => settle.Publish(context => SettleOf(context.Saga, tickets)))
                .Schedule(SettlementTimeout, context => new SettlementOverdue(context.Saga.CorrelationId),
                    context => IsMarketplace(context.Saga) ? limits.MarketplaceCallPatience : limits.SettlementPatience)
                .Publish(context => StatusOf(context.Saga, time)),
            When(ApprovalDecided, context => !context.Message.Approved && context.Message.AgentId == context.Saga.AgentId)
                .Unschedule(ApprovalTimeout)
                .ThenAsync(context => VoidAsync(context, accounts, PaymentReason.RejectedByOperator, "The operator denied the payment.", time))
                .TransitionTo(Denied)
                .Publish(context => StatusOf(context.Saga, time)),
            When(ApprovalTimeout.Received)
                .ThenAsync(context => VoidAsync(context, accounts, PaymentReason.ApprovalTimedOut,
                    $"The operator did not decide within {limits.ApprovalWindow}.", time))
                .TransitionTo(Expired)
                .Publish(context => StatusOf(context.Saga, time)));

        During(Settling,
            When(CredentialIssued)
                .Unschedule(SettlementTimeout)
                .Then(context =>
                {
                    context.Saga.Credential = context.Message.Credential;
                    context.Saga.ValidBefore = context.Message.ValidBefore;
                    context.Saga.Reconciliations = 0;
                    Touch(context.Saga, time);
                })
                .TransitionTo(Authorized)
                // Asked again every SettlementPatience, not first after the credential's validity: a confirmation lost on
                // the way (an instance stopped in the middle of its consume) is said again within that time.
                .Schedule(SettlementTimeout, context => new SettlementOverdue(context.Saga.CorrelationId))
                .Publish(context => StatusOf(context.Saga, time)),
            When(TxBroadcast)
                .Unschedule(SettlementTimeout)
                .Then(context =>
                {
                    context.Saga.Credential = context.Message.Credential;
                    context.Saga.TxHash = context.Message.TxHash;
                    context.Saga.Reconciliations = 0;
                    Touch(context.Saga, time);
                })
                .TransitionTo(Broadcast)
                .Schedule(SettlementTimeout, context => new SettlementOverdue(context.Saga.CorrelationId))
                .Publish(context => StatusOf(context.Saga, time)),
            // A marketplace call whose outcome never came (or that was approved and never made):
            // the agent is not charged for what nobody saw happen.
            When(SettlementTimeout.Received, context => IsMarketplace(context.Saga))
                .ThenAsync(context => VoidAsync(context, accounts, PaymentReason.CallUnresolved,
                    $"The call's outcome did not reach the ledger within {limits.MarketplaceCallPatience}; the price was released.", time))
                .TransitionTo(Failed)
                .Publish(context => StatusOf(context.Saga, time)),
            When(SettlementTimeout.Received, context => !IsMarketplace(context.Saga) && context.Saga.Reconciliations + 1 >= limits.MaxReconciliations)
                .ThenAsync(context => VoidAsync(context, accounts, PaymentReason.SettlementUnavailable,
                    "Settlement produced no credential in time; nothing was signed for the agent.", time))
                .TransitionTo(Failed)
                .Publish(context => StatusOf(context.Saga, time)),
            When(SettlementTimeout.Received, context => !IsMarketplace(context.Saga) && context.Saga.Reconciliations + 1 < limits.MaxReconciliations)
                .Then(context => context.Saga.Reconciliations++)
                .Publish(context => SettleOf(context.Saga, tickets))
                .Schedule(SettlementTimeout, context => new SettlementOverdue(context.Saga.CorrelationId)));

        // Settling too: the confirmation can overtake the credential's announcement (each leaves a different outbox, and a
        // merchant can use a credential the moment the Gateway answers with it). The money moved: it is captured now.
        During(Settling, Authorized, Broadcast,
            When(Confirmed)
                .Unschedule(SettlementTimeout)
                .ThenAsync(context => CaptureAsync(context, accounts, time))
                .TransitionTo(Settled)
                .Publish(context => StatusOf(context.Saga, time)));

        // The credential announced after its confirmation: kept, so a retry with the same Idempotency-Key is answered with it.
        During(Settled,
            When(CredentialIssued)
                .Then(context =>
                {
                    context.Saga.Credential ??= context.Message.Credential;
                    context.Saga.ValidBefore ??= context.Message.ValidBefore;
                }));

        // The confirmation the saga captured left the chain (a reorganisation deeper than the confirmations): the money is
        // held again and the payment waits as it did before its confirmation — for the chain to settle it anew (Confirmed:
        // captured again) or for Settlement's word that it cannot (SettlementFailed: the hold released). Only the
        // confirmation captured here reopens it; an older one said late changes nothing.
        During(Settled,
            When(SettlementReorganisedOut, context => string.Equals(context.Message.TxHash, context.Saga.TxHash, StringComparison.OrdinalIgnoreCase))
                .ThenAsync(context => ReopenAsync(context, accounts, time))
                .IfElse(context => IsRelayed(context.Saga),
                    relayed => relayed.TransitionTo(Broadcast),
                    authorized => authorized.TransitionTo(Authorized))
                .Schedule(SettlementTimeout, context => new SettlementOverdue(context.Saga.CorrelationId))
                .Publish(context => StatusOf(context.Saga, time)));

        During(Authorized, Broadcast,
            // Never voided on our own clock once a credential exists: only Settlement knows whether
            // the merchant settled. Ask it again.
            When(SettlementTimeout.Received)
                .Then(context => context.Saga.Reconciliations++)
                .Publish(context => new ReconcileSettlement(context.Saga.CorrelationId, time.GetUtcNow()))
                .Schedule(SettlementTimeout, context => new SettlementOverdue(context.Saga.CorrelationId)));

        During(Settling, Authorized, Broadcast,
            When(SettlementFailed)
                .Unschedule(SettlementTimeout)
                .ThenAsync(context => VoidAsync(context, accounts, context.Message.Reason,
                    context.Message.Detail ?? $"Settlement failed: {context.Message.Reason}.", time))
                .Then(context => context.Saga.TxHash ??= context.Message.TxHash)
                .IfElse(context => context.Message.MeansExpired,
                    expired => expired.TransitionTo(Expired),
                    failed => failed.TransitionTo(Failed))
                .Publish(context => StatusOf(context.Saga, time)));

        // A merchant settled after the hold was voided (it can happen only within the
        // authorization's validity): the money left the wallet, so the ledger posts it.
        During(Failed, Expired, Denied,
            When(Confirmed)
                .ThenAsync(context => CaptureAsync(context, accounts, time))
                .TransitionTo(Settled)
                .Publish(context => StatusOf(context.Saga, time)));

    }

    public State AwaitingApproval { get; private set; } = null!;

    public State Settling { get; private set; } = null!;

    public State Authorized { get; private set; } = null!;

    public State Broadcast { get; private set; } = null!;

    public State Settled { get; private set; } = null!;

    public State Denied { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public State Expired { get; private set; } = null!;

    public Event<PaymentApprovalDecided> ApprovalDecided { get; private set; } = null!;

    public Event<CredentialIssued> CredentialIssued { get; private set; } = null!;

    public Event<TxBroadcast> TxBroadcast { get; private set; } = null!;

    public Event<Confirmed> Confirmed { get; private set; } = null!;

    public Event<SettlementFailed> SettlementFailed { get; private set; } = null!;

    public Event<SettlementReorganisedOut> SettlementReorganisedOut { get; private set; } = null!;

    public Schedule<PaymentState, ApprovalWindowClosed> ApprovalTimeout { get; private set; } = null!;

    public Schedule<PaymentState, SettlementOverdue> SettlementTimeout { get; private set; } = null!;

    // In the step's own commit: the account's events commit with the saga's state and messages.
    private static Task AppendAsync<T>(BehaviorContext<PaymentState, T> context, IAccountWriter accounts,
        Func<AgentAccount, DateTimeOffset, IReadOnlyList<object>> decide, TimeProvider time)
        where T : class =>
        accounts.AppendAsync(context, context.Saga.AgentId, account => decide(account, time.GetUtcNow()));

    private static async Task VoidAsync<T>(BehaviorContext<PaymentState, T> context, IAccountWriter accounts, PaymentReason reason, string detail,
        TimeProvider time)
        where T : class
    {
        await AppendAsync(context, accounts, (a, now) => AgentAccountDecider.Decide(a, new VoidHold(context.Saga.CorrelationId, reason.ToString(), now)), time);
        context.Saga.Reason = reason;
        context.Saga.Detail = detail;
        Touch(context.Saga, time);
    }

    private static async Task CaptureAsync(BehaviorContext<PaymentState, Confirmed> context, IAccountWriter accounts, TimeProvider time)
    {
        var m = context.Message;
        if (!long.TryParse(m.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            throw new InvalidOperationException($"Payment {m.PaymentId} confirmed an amount the ledger cannot book: {m.Amount}.");
        var shares = m.Shares?.Select(s => new RecipientShare(s.Recipient.ToLowerInvariant(),
            long.Parse(s.Amount, NumberStyles.None, CultureInfo.InvariantCulture))).ToArray();
        await AppendAsync(context, accounts, (a, now) => AgentAccountDecider.Decide(a,
            new CaptureHold(m.PaymentId, amount, m.TxHash, m.BlockNumber, now, HoldKind.Payment, shares)), time);
        context.Saga.TxHash = m.TxHash;
        context.Saga.BlockNumber = m.BlockNumber;
        context.Saga.Credential ??= m.Credential;
        context.Saga.Reason = null;
        context.Saga.Detail = null;
        Touch(context.Saga, time);
    }

    private static async Task ReopenAsync(BehaviorContext<PaymentState, SettlementReorganisedOut> context, IAccountWriter accounts, TimeProvider time)
    {
        var m = context.Message;
        if (!long.TryParse(m.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            throw new InvalidOperationException($"Payment {m.PaymentId} was reorganised out with an amount the ledger cannot book: {m.Amount}.");
        var saga = context.Saga;
        await AppendAsync(context, accounts, (a, now) => AgentAccountDecider.Decide(a,
            new ReopenCapture(saga.CorrelationId, amount, saga.Terms?.Recipient ?? "", saga.Terms?.Host, saga.RequestedAt, m.TxHash, now)), time);
        saga.TxHash = null;
        saga.BlockNumber = null;
        saga.Reconciliations = 0;
        saga.Reason = null;
        saga.Detail = $"Its settlement {m.TxHash} left the chain in a reorganisation; waiting for it to settle anew.";
        Touch(saga, time);
    }

    // A hash credential names the platform's own relayed transfer (Broadcast until confirmed); the others are credentials the merchant settles.
    private static bool IsRelayed(PaymentState saga) => string.Equals(saga.Terms?.CredentialType, "hash", StringComparison.OrdinalIgnoreCase);

    private static void Touch(PaymentState saga, TimeProvider time) => saga.UpdatedAt = time.GetUtcNow();

    private static bool IsMarketplace(PaymentState saga) => saga.Terms?.IsMarketplace() == true;

    // A fresh ticket each time Settlement is asked: the Wallet signs nothing without one.
    private static SettlePayment SettleOf(PaymentState saga, PaymentTickets tickets) =>
        new(saga.CorrelationId, saga.AgentId, saga.Terms!, tickets.For(saga));

    /// <summary>The payment's status as the Gateway's waiting requests and operators' event streams hear it.</summary>
    internal static PaymentStatusChanged StatusOf(PaymentState saga, TimeProvider time) =>
        new(saga.CorrelationId, saga.AgentId, saga.OperatorId, saga.GetStatus(), saga.Amount.ToString(CultureInfo.InvariantCulture),
            saga.Credential, saga.TxHash, saga.Reason, saga.Detail, saga.ValidBefore, time.GetUtcNow());
}
