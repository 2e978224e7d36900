using System.Globalization;
using IndieGent.Contracts.Marketplace;
using IndieGent.Contracts.Transfers;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Payments;
using IndieGent.Ledger.Providers;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Transfers;

/// <summary>
/// The transfer saga: hold on the source (placed with the instance by <see cref="TransferReservations"/>,
/// which also asks Settlement) → <see cref="TransferSubmitted"/> → <see cref="TransferSettled"/> → hold
/// captured; <see cref="TransferFailed"/> voids it. The destination is credited by its own deposit
/// (the relay's Transfer log), never here: nothing is credited without chain evidence. A marketplace
/// sweep or payout (started by <see cref="Marketplace.Settlement.MarketplaceSettlementRuns"/>) runs the
/// same states; its confirmation books the sweep on the agent and its shares on the providers (or
/// the payout on the provider), its failure returns the amount to the next run.
/// </summary>
/// <remarks>
/// Each step's account events commit with the saga's state and messages in the consume's outbox
/// transaction. Every waiting state has a deadline: Settlement is asked again (it answers what it
/// recorded); while nothing is recorded, after <see cref="PaymentSagaOptions.MaxReconciliations"/>
/// the hold is voided (a sweep or payout never gives up on its own clock: nobody waits for it, and
/// only Settlement's word that nothing was mined releases its amount). A settlement confirmed after a void is still captured (the money left the
/// wallet), so the ledger always equals the chain. Timing limits are the payments' (section <c>Payments</c>).
/// </remarks>
public sealed class TransferStateMachine : MassTransitStateMachine<TransferState>
{
    public TransferStateMachine(IAccountWriter accounts, IOptions<PaymentSagaOptions> options, TimeProvider time)
    {
        var limits = options.Value;
        InstanceState(x => x.CurrentState);
        // Settlement repeats outcomes when asked again: what arrives after the saga moved on changes nothing.
        OnUnhandledEvent(context => context.Ignore());

        Event(() => RelaySubmitted, x => x.CorrelateById(m => m.Message.TransferId).OnMissingInstance(m => m.Discard()));
        Event(() => RelaySettled, x => x.CorrelateById(m => m.Message.TransferId).OnMissingInstance(m => m.Discard()));
        Event(() => RelayFailed, x => x.CorrelateById(m => m.Message.TransferId).OnMissingInstance(m => m.Discard()));
        Event(() => RelayReorganisedOut, x => x.CorrelateById(m => m.Message.TransferId).OnMissingInstance(m => m.Discard()));
        Schedule(() => Overdue, x => x.OverdueTokenId, s =>
        {
            s.Delay = limits.SettlementPatience;
            s.Received = r => r.CorrelateById(m => m.Message.TransferId).OnMissingInstance(m => m.Discard());
        });

        During(Settling,
            When(RelaySubmitted)
                .Unschedule(Overdue)
                .Then(context =>
                {
                    context.Saga.TxHash = context.Message.TxHash;
                    context.Saga.Reconciliations = 0;
                    Touch(context.Saga, time);
                })
                .TransitionTo(Submitted)
                .Schedule(Overdue, context => new TransferOverdue(context.Saga.CorrelationId)),
            When(Overdue.Received, context => GivesUp(context.Saga, limits))
                .ThenAsync(context => VoidAsync(context, accounts, TransferFailureReason.SettlementUnavailable,
                    "Settlement did not take the transfer in time; nothing was relayed.", time))
                .TransitionTo(Failed),
            When(Overdue.Received, context => !GivesUp(context.Saga, limits))
                .Then(context => context.Saga.Reconciliations++)
                .Publish(context => SettleOf(context.Saga))
                .Schedule(Overdue, context => new TransferOverdue(context.Saga.CorrelationId)));

        // Once relayed, only Settlement knows whether it paid: ask it again, never give up on our own clock.
        During(Submitted,
            When(Overdue.Received)
                .Then(context => context.Saga.Reconciliations++)
                .Publish(context => SettleOf(context.Saga))
                .Schedule(Overdue, context => new TransferOverdue(context.Saga.CorrelationId)));

        During(Settling, Submitted,
            When(RelaySettled)
                .Unschedule(Overdue)
                .ThenAsync(context => CaptureAsync(context, accounts, time))
                .TransitionTo(Completed),
            When(RelayFailed)
                .Unschedule(Overdue)
                .ThenAsync(context => VoidAsync(context, accounts, context.Message.Reason,
                    context.Message.Detail ?? $"The transfer failed: {context.Message.Reason}.", time))
                .Then(context => context.Saga.TxHash ??= context.Message.TxHash)
                .TransitionTo(Failed));

        // The relay that settled it left the chain (a reorganisation deeper than the confirmations): its booking is taken back
        // (a transfer's source holds the amount again; a sweep's amount is unswept and its providers' earnings not yet in the
        // settlement wallet; a payout is owed again) while Settlement sends the same transaction again, and the saga waits as
        // Submitted for its new confirmation (booked anew) or its failure.
        During(Completed,
            When(RelayReorganisedOut, context => string.Equals(context.Message.TxHash, context.Saga.TxHash, StringComparison.OrdinalIgnoreCase))
                .ThenAsync(context => ReopenAsync(context, accounts, time))
                .TransitionTo(Submitted)
                .Schedule(Overdue, context => new TransferOverdue(context.Saga.CorrelationId)));

        // Settled on chain after the hold was voided: the money left the source, so the ledger posts it.
        During(Failed,
            When(RelaySettled)
                .ThenAsync(context => CaptureAsync(context, accounts, time))
                .TransitionTo(Completed));
    }

    public State Settling { get; private set; } = null!;

    public State Submitted { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public Event<TransferSubmitted> RelaySubmitted { get; private set; } = null!;

    public Event<TransferSettled> RelaySettled { get; private set; } = null!;

    public Event<TransferFailed> RelayFailed { get; private set; } = null!;

    public Event<TransferReorganisedOut> RelayReorganisedOut { get; private set; } = null!;

    public Schedule<TransferState, TransferOverdue> Overdue { get; private set; } = null!;

    /// <summary>What Settlement is asked, first by the reservation and then on every deadline: always the same ticket.</summary>
    public static SettleTransfer SettleOf(TransferState saga) =>
        new(saga.CorrelationId, saga.SourceWalletId, saga.To, saga.Amount.ToString(CultureInfo.InvariantCulture), saga.Ticket);

    private static bool GivesUp(TransferState saga, PaymentSagaOptions limits) =>
        saga.Direction is TransferDirection.ToAgent or TransferDirection.ToTreasury && saga.Reconciliations + 1 >= limits.MaxReconciliations;

    private static async Task VoidAsync<T>(BehaviorContext<TransferState, T> context, IAccountWriter accounts, TransferFailureReason reason,
        string detail, TimeProvider time)
        where T : class
    {
        var saga = context.Saga;
        var now = time.GetUtcNow();
        switch (saga.Direction)
        {
            case TransferDirection.Sweep:
                await accounts.AppendAsync(context, saga.AgentId, a => AgentAccountDecider.Decide(a,
                    new FinishSweep(saga.CorrelationId, false, saga.Amount, saga.Shares, null, null, reason.ToString(), now)));
                break;
            case TransferDirection.Payout:
                await accounts.AppendProviderAsync(context, saga.To, p => ProviderAccountDecider.Decide(p,
                    new FinishPayout(saga.CorrelationId, false, saga.Amount, null, null, reason.ToString(), now)));
                break;
            default:
                await accounts.AppendAsync(context, saga.SourceWalletId,
                    a => AgentAccountDecider.Decide(a, new VoidHold(saga.CorrelationId, reason.ToString(), now)));
                break;
        }

        await FinishTopUpAsync(context, accounts, new FinishTopUp(context.Saga.CorrelationId, false, null, reason.ToString(), detail, time.GetUtcNow()));
        context.Saga.Reason = reason;
        context.Saga.Detail = detail;
        Touch(context.Saga, time);
    }

    private static async Task CaptureAsync(BehaviorContext<TransferState, TransferSettled> context, IAccountWriter accounts, TimeProvider time)
    {
        var m = context.Message;
        if (!long.TryParse(m.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            throw new InvalidOperationException($"Transfer {m.TransferId} confirmed an amount the ledger cannot book: {m.Amount}.");
        var saga = context.Saga;
        var now = time.GetUtcNow();
        switch (saga.Direction)
        {
            case TransferDirection.Sweep:
                await accounts.AppendAsync(context, saga.AgentId, a => AgentAccountDecider.Decide(a,
                    new FinishSweep(saga.CorrelationId, true, amount, saga.Shares, m.TxHash, m.BlockNumber, null, now)));
                // Each provider's share has arrived in the settlement wallet: it can be paid out.
                foreach (var share in saga.Shares)
                {
                    await accounts.AppendProviderAsync(context, share.PayoutAddress, p => ProviderAccountDecider.Decide(p,
                        new BookSweptEarnings(saga.CorrelationId, saga.AgentId, share.Amount, now)));
                }

                break;
            case TransferDirection.Payout:
                await accounts.AppendProviderAsync(context, saga.To, p => ProviderAccountDecider.Decide(p,
                    new FinishPayout(saga.CorrelationId, true, amount, m.TxHash, m.BlockNumber, null, now)));
                await context.Publish(new ProviderPaidOut(saga.CorrelationId, saga.To, amount, m.TxHash, m.BlockNumber, now));
                break;
            default:
                await accounts.AppendAsync(context, saga.SourceWalletId,
                    a => AgentAccountDecider.Decide(a, new CaptureHold(m.TransferId, amount, m.TxHash, m.BlockNumber, now, HoldKind.Transfer)));
                break;
        }

        await FinishTopUpAsync(context, accounts, new FinishTopUp(m.TransferId, true, m.TxHash, null, null, time.GetUtcNow()));
        context.Saga.TxHash = m.TxHash;
        context.Saga.BlockNumber = m.BlockNumber;
        context.Saga.Reason = null;
        context.Saga.Detail = null;
        Touch(context.Saga, time);
    }

    private static async Task ReopenAsync(BehaviorContext<TransferState, TransferReorganisedOut> context, IAccountWriter accounts, TimeProvider time)
    {
        var m = context.Message;
        if (!long.TryParse(m.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            throw new InvalidOperationException($"Transfer {m.TransferId} was reorganised out with an amount the ledger cannot book: {m.Amount}.");
        var saga = context.Saga;
        var now = time.GetUtcNow();
        switch (saga.Direction)
        {
            case TransferDirection.Sweep:
                await accounts.AppendAsync(context, saga.AgentId, a => AgentAccountDecider.Decide(a,
                    new ReopenSweep(saga.CorrelationId, amount, saga.Shares, m.TxHash, now)));
                foreach (var share in saga.Shares)
                {
                    await accounts.AppendProviderAsync(context, share.PayoutAddress, p => ProviderAccountDecider.Decide(p,
                        new ReopenSweptEarnings(saga.CorrelationId, share.Amount, now)));
                }

                break;
            case TransferDirection.Payout:
                await accounts.AppendProviderAsync(context, saga.To, p => ProviderAccountDecider.Decide(p,
                    new ReopenPayout(saga.CorrelationId, amount, m.TxHash, now)));
                await context.Publish(new ProviderPayoutReorganisedOut(saga.CorrelationId, saga.To, amount, m.TxHash, now));
                break;
            default:
                await accounts.AppendAsync(context, saga.SourceWalletId, a => AgentAccountDecider.Decide(a,
                    new ReopenCapture(saga.CorrelationId, amount, saga.To, null, saga.RequestedAt, m.TxHash, now, HoldKind.Transfer)));
                break;
        }

        saga.TxHash = null;
        saga.BlockNumber = null;
        saga.Reconciliations = 0;
        saga.Detail = $"Its relay {m.TxHash} left the chain in a reorganisation; sent again, waiting for it to settle anew.";
        Touch(saga, time);
    }

    // A treasury → agent transfer may be the agent's auto-top-up (same id): its end is recorded on the
    // agent's stream in this step's commit (the decider ignores any other transfer).
    private static Task FinishTopUpAsync<T>(BehaviorContext<TransferState, T> context, IAccountWriter accounts, FinishTopUp finish)
        where T : class =>
        context.Saga.Direction == TransferDirection.ToAgent
            ? accounts.AppendAsync(context, context.Saga.AgentId, a => AgentAccountDecider.Decide(a, finish))
            : Task.CompletedTask;

    private static void Touch(TransferState saga, TimeProvider time) => saga.UpdatedAt = time.GetUtcNow();
}
