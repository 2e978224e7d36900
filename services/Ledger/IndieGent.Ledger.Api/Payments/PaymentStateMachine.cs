using System.Globalization;
using IndieGent.Contracts.Payments;
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
/// <para>The account stream is written through <see cref="AccountService"/> (its own optimistic
/// append), the saga's state and every message it sends commit together in the Marten outbox. A
/// retry after a crash between the two decides nothing new: reservation, capture and void are
/// idempotent per payment id and answer what was decided before.</para>
/// <para>A hold is voided on a deadline only while no credential exists, or on Settlement's word
/// that the authorization can no longer be used: until then the merchant may still settle it.
/// A settlement confirmed after a void is still captured, so the ledger always equals the chain.</para>
/// </remarks>
public sealed class PaymentStateMachine : MassTransitStateMachine<PaymentState>
{
    public PaymentStateMachine(AccountService accounts, IOptions<LedgerOptions> ledger, IOptions<PaymentSagaOptions> options, TimeProvider time)
    {
        var limits = options.Value;
        InstanceState(x => x.CurrentState);
        // Settlement says an outcome again when asked, and a watcher may say it twice around a
        // crash: what arrives after the saga moved on changes nothing.
        OnUnhandledEvent(context => context.Ignore());

        Event(() => Requested, x => x.CorrelateById(m => m.Message.PaymentId));
        // Every later message names a payment whose saga may be gone from this database (a
        // message for another environment, a replay): it is dropped, not faulted.
        Event(() => ApprovalDecided, x => x.CorrelateById(m => m.Message.PaymentId).OnMissingInstance(m => m.Discard()));
        Event(() => CredentialIssued, x => x.CorrelateById(m => m.Message.PaymentId).OnMissingInstance(m => m.Discard()));
        Event(() => TxBroadcast, x => x.CorrelateById(m => m.Message.PaymentId).OnMissingInstance(m => m.Discard()));
        Event(() => Confirmed, x => x.CorrelateById(m => m.Message.PaymentId).OnMissingInstance(m => m.Discard()));
        Event(() => SettlementFailed, x => x.CorrelateById(m => m.Message.PaymentId).OnMissingInstance(m => m.Discard()));
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

        Initially(
            When(Requested)
                .ThenAsync(context => ReserveAsync(context, accounts, ledger.Value, time))
                .IfElse(context => context.Saga.Reason is not null,
                    denied => denied
                        .TransitionTo(Denied)
                        .Publish(context => CapCheckedOf(context.Saga, approved: false, awaiting: false, time))
                        .Publish(context => StatusOf(context.Saga, time)),
                    held => held
                        .IfElse(context => context.Saga.HeldForApproval,
                            awaiting => awaiting
                                .TransitionTo(AwaitingApproval)
                                .Publish(context => CapCheckedOf(context.Saga, approved: true, awaiting: true, time))
                                .Schedule(ApprovalTimeout, context => new ApprovalWindowClosed(context.Saga.CorrelationId))
                                .Publish(context => StatusOf(context.Saga, time)),
                            approved => approved
                                .TransitionTo(Settling)
                                .Publish(context => CapCheckedOf(context.Saga, approved: true, awaiting: false, time))
                                .Publish(context => SettleOf(context.Saga))
                                .Schedule(SettlementTimeout, context => new SettlementOverdue(context.Saga.CorrelationId))
                                .Publish(context => StatusOf(context.Saga, time)))));

        During(AwaitingApproval,
            When(ApprovalDecided, context => context.Message.Approved && context.Message.AgentId == context.Saga.AgentId)
                .Unschedule(ApprovalTimeout)
                .ThenAsync(context => accounts.ApproveAsync(context.Saga.AgentId, context.Saga.CorrelationId, context.CancellationToken))
                .Then(context => Touch(context.Saga, time))
                .TransitionTo(Settling)
                .Publish(context => CapCheckedOf(context.Saga, approved: true, awaiting: false, time))
                .Publish(context => SettleOf(context.Saga))
                .Schedule(SettlementTimeout, context => new SettlementOverdue(context.Saga.CorrelationId))
                .Publish(context => StatusOf(context.Saga, time)),
            When(ApprovalDecided, context => !context.Message.Approved && context.Message.AgentId == context.Saga.AgentId)
                .Unschedule(ApprovalTimeout)
                .ThenAsync(context => VoidAsync(context, accounts, "RejectedByOperator", "The operator denied the payment.", time))
                .TransitionTo(Denied)
                .Publish(context => CapCheckedOf(context.Saga, approved: false, awaiting: false, time))
                .Publish(context => StatusOf(context.Saga, time)),
            When(ApprovalTimeout.Received)
                .ThenAsync(context => VoidAsync(context, accounts, "ApprovalTimedOut",
                    $"The operator did not decide within {limits.ApprovalWindow}.", time))
                .TransitionTo(Expired)
                .Publish(context => CapCheckedOf(context.Saga, approved: false, awaiting: false, time))
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
                .Schedule(SettlementTimeout, context => new SettlementOverdue(context.Saga.CorrelationId),
                    context => UntilAfter(context.Message.ValidBefore, limits.SettlementPatience, time))
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
            When(SettlementTimeout.Received, context => context.Saga.Reconciliations + 1 >= limits.MaxReconciliations)
                .ThenAsync(context => VoidAsync(context, accounts, "SettlementUnavailable",
                    "Settlement produced no credential in time; nothing was signed for the agent.", time))
                .TransitionTo(Failed)
                .Publish(context => StatusOf(context.Saga, time)),
            When(SettlementTimeout.Received, context => context.Saga.Reconciliations + 1 < limits.MaxReconciliations)
                .Then(context => context.Saga.Reconciliations++)
                .Publish(context => SettleOf(context.Saga))
                .Schedule(SettlementTimeout, context => new SettlementOverdue(context.Saga.CorrelationId)));

        During(Authorized, Broadcast,
            When(Confirmed)
                .Unschedule(SettlementTimeout)
                .ThenAsync(context => CaptureAsync(context, accounts, time))
                .TransitionTo(Settled)
                .Publish(context => StatusOf(context.Saga, time)),
            // Never voided on our own clock once a credential exists: only Settlement knows whether
            // the merchant settled. Ask it again.
            When(SettlementTimeout.Received)
                .Then(context => context.Saga.Reconciliations++)
                .Publish(context => new ReconcileSettlement(context.Saga.CorrelationId, time.GetUtcNow()))
                .Schedule(SettlementTimeout, context => new SettlementOverdue(context.Saga.CorrelationId)));

        During(Settling, Authorized, Broadcast,
            When(SettlementFailed)
                .Unschedule(SettlementTimeout)
                .ThenAsync(context => VoidAsync(context, accounts, context.Message.Reason, $"Settlement failed: {context.Message.Reason}.", time))
                .Then(context => context.Saga.TxHash ??= context.Message.TxHash)
                .IfElse(context => context.Message.Reason is "AuthorizationExpired" or "CredentialUnused",
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

        // The same payment requested again (a retried HTTP call, a redelivery): the same answer.
        DuringAny(
            When(Requested)
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

    public Event<PaymentRequested> Requested { get; private set; } = null!;

    public Event<PaymentApprovalDecided> ApprovalDecided { get; private set; } = null!;

    public Event<CredentialIssued> CredentialIssued { get; private set; } = null!;

    public Event<TxBroadcast> TxBroadcast { get; private set; } = null!;

    public Event<Confirmed> Confirmed { get; private set; } = null!;

    public Event<SettlementFailed> SettlementFailed { get; private set; } = null!;

    public Schedule<PaymentState, ApprovalWindowClosed> ApprovalTimeout { get; private set; } = null!;

    public Schedule<PaymentState, SettlementOverdue> SettlementTimeout { get; private set; } = null!;

    /// <summary>Names of the states in which a payment has ended (it may still be captured late).</summary>
    public static readonly IReadOnlySet<string> EndStates = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(Settled), nameof(Denied), nameof(Failed), nameof(Expired),
    };

    private static async Task ReserveAsync(BehaviorContext<PaymentState, PaymentRequested> context, AccountService accounts,
        LedgerOptions ledger, TimeProvider time)
    {
        var m = context.Message;
        var saga = context.Saga;
        saga.AgentId = m.AgentId;
        saga.OperatorId = m.OperatorId;
        saga.IdempotencyKey = m.IdempotencyKey;
        saga.Terms = m.Terms;
        saga.RequestedAt = m.RequestedAt;
        Touch(saga, time);

        if (!long.TryParse(m.Terms.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            Deny(saga, "InvalidAmount", $"The amount {m.Terms.Amount} is not a positive number of base units the ledger can hold.");
            return;
        }

        saga.Amount = amount;
        if (!string.Equals(m.Terms.Currency, ledger.Currency, StringComparison.OrdinalIgnoreCase))
        {
            Deny(saga, "UnsupportedCurrency", $"Accounts are kept in {ledger.Currency}, not {m.Terms.Currency}.");
            return;
        }

        if (ledger.ChainId is { } chainId && m.Terms.ChainId != chainId)
        {
            Deny(saga, "UnsupportedChain", $"Accounts are kept on chain {chainId}, not {m.Terms.ChainId}.");
            return;
        }

        Reservation reservation;
        try
        {
            reservation = await accounts.ReserveForPaymentAsync(m.AgentId, m.PaymentId, amount, m.Terms.Recipient.ToLowerInvariant(),
                m.Terms.Host, m.Terms.ChallengeId, context.CancellationToken);
        }
        catch (AccountNotFoundException)
        {
            Deny(saga, "AccountNotFound", "The agent has no ledger account (yet).");
            return;
        }

        if (!reservation.Approved)
            Deny(saga, reservation.Reason!, reservation.Detail!);
        else if (reservation.AwaitingApproval)
            saga.HeldForApproval = true;
    }

    private static void Deny(PaymentState saga, string reason, string detail)
    {
        saga.Reason = reason;
        saga.Detail = detail;
    }

    private static async Task VoidAsync<T>(BehaviorContext<PaymentState, T> context, AccountService accounts, string reason, string detail,
        TimeProvider time)
        where T : class
    {
        await accounts.VoidAsync(context.Saga.AgentId, context.Saga.CorrelationId, reason, context.CancellationToken);
        context.Saga.Reason = reason;
        context.Saga.Detail = detail;
        Touch(context.Saga, time);
    }

    private static async Task CaptureAsync(BehaviorContext<PaymentState, Confirmed> context, AccountService accounts, TimeProvider time)
    {
        var m = context.Message;
        if (!long.TryParse(m.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            throw new InvalidOperationException($"Payment {m.PaymentId} confirmed an amount the ledger cannot book: {m.Amount}.");
        await accounts.CaptureAsync(context.Saga.AgentId, m.PaymentId, amount, m.TxHash, m.BlockNumber, context.CancellationToken);
        context.Saga.TxHash = m.TxHash;
        context.Saga.BlockNumber = m.BlockNumber;
        context.Saga.Credential ??= m.Credential;
        context.Saga.Reason = null;
        context.Saga.Detail = null;
        Touch(context.Saga, time);
    }

    private static void Touch(PaymentState saga, TimeProvider time) => saga.UpdatedAt = time.GetUtcNow();

    private static TimeSpan UntilAfter(DateTimeOffset moment, TimeSpan margin, TimeProvider time)
    {
        var delay = moment - time.GetUtcNow() + margin;
        return delay > margin ? delay : margin;
    }

    private static SettlePayment SettleOf(PaymentState saga) =>
        new(saga.CorrelationId, saga.AgentId, null, saga.Terms!);

    private static CapChecked CapCheckedOf(PaymentState saga, bool approved, bool awaiting, TimeProvider time) =>
        new(saga.CorrelationId, saga.AgentId, approved, awaiting, approved ? null : saga.Reason, approved ? null : saga.Detail, time.GetUtcNow());

    private static PaymentStatusChanged StatusOf(PaymentState saga, TimeProvider time) =>
        new(saga.CorrelationId, saga.AgentId, saga.OperatorId, saga.CurrentState, saga.Amount.ToString(CultureInfo.InvariantCulture),
            saga.Credential, saga.TxHash, saga.Reason, saga.Detail, saga.ValidBefore, time.GetUtcNow());
}
