using System.Globalization;
using IndieGent.Contracts.Payments;
using IndieGent.Contracts.Transfers;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Ledger.Api.Payments;
using IndieGent.ServiceDefaults.Tickets;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Transfers;

/// <summary>
/// Starts a relayed transfer's saga inside the caller's unit of work (a scope whose session carries
/// the Marten outbox): the Ledger-signed ticket naming exactly this transfer, source, destination and
/// amount, the deadline, the saga in <c>Settling</c> and <see cref="SettleTransfer"/> in the outbox.
/// The caller appends its account events to the same session and commits once.
/// </summary>
public sealed class TransferStarter(ApprovalTicketIssuer tickets, IOptions<LedgerOptions> ledger, IOptions<PaymentSagaOptions> options, TimeProvider time)
{
    private static readonly Uri SagaQueue = new("queue:" + TransferReservations.SagaQueueName);

    /// <param name="saga">The transfer, every field but its state, ticket, times and deadline set.</param>
    /// <param name="ticketKind"><c>transfer</c>, <c>sweep</c> or <c>payout</c>: what the Wallet will sign for it.</param>
    public async Task<TransferState> StartAsync(IServiceProvider scope, TransferState saga, string ticketKind, CancellationToken ct)
    {
        var chainId = ledger.Value.ChainId ?? throw new InvalidOperationException("Transfers need Chain:ChainId: the ticket names the chain.");
        var now = time.GetUtcNow();
        saga.CurrentState = "Settling";
        saga.Ticket = tickets.Issue(new ApprovalTicket(saga.CorrelationId, saga.SourceWalletId, chainId, ledger.Value.Currency, saga.To,
            saga.Amount.ToString(CultureInfo.InvariantCulture), ticketKind, now, now + options.Value.TicketLifetime));
        saga.RequestedAt = now;
        saga.UpdatedAt = now;
        var scheduler = scope.GetRequiredService<IMessageScheduler>();
        saga.OverdueTokenId = (await scheduler.ScheduleSend(SagaQueue, (now + options.Value.SettlementPatience).UtcDateTime,
            new TransferOverdue(saga.CorrelationId), ct)).TokenId;
        await scope.GetRequiredService<IPublishEndpoint>().Publish(TransferStateMachine.SettleOf(saga), ct);
        scope.GetRequiredService<IDocumentSession>().Insert(saga);
        return saga;
    }
}
