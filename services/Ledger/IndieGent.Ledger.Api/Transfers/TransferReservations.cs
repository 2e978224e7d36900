using System.Globalization;
using IndieGent.Contracts.Payments;
using IndieGent.Contracts.Transfers;
using IndieGent.Contracts.Treasuries;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Ledger.Api.Payments;
using IndieGent.Messaging;
using IndieGent.ServiceDefaults.Tickets;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Transfers;

/// <summary>
/// The first step of a transfer, on the request path, in ONE commit: the hold on the source account
/// (treasury or agent; only its balance decides), the saga in <c>Settling</c> with its deadline, and
/// <see cref="SettleTransfer"/> with the Ledger-signed ticket (kind <c>transfer</c>: transfer id, source
/// wallet, destination address, exact amount) in the outbox. A refusal records nothing.
/// </summary>
public sealed class TransferReservations(
    AccountLines lines, TransferStarter starter, TimeProvider time)
{
    /// <summary>The saga's queue: its deadlines are scheduled there.</summary>
    public const string SagaQueueName = "ledger-transfer-saga";

    public const string TicketKind = "transfer";

    public async Task<TransferDecision> ReserveAsync(TransferRequest request, CancellationToken ct)
    {
        // The source is the treasury or the agent; in line with that account's other writers in this process.
        var lineId = request.Direction == TransferDirection.ToAgent ? TreasuryIds.Of(request.OperatorId) : request.AgentId;
        return await lines.RunAsync(lineId, request.TransferId, (services, token) => ReserveOnceAsync(request, services, token), ct);
    }

    private async Task<TransferDecision> ReserveOnceAsync(TransferRequest r, IServiceProvider services, CancellationToken ct)
    {
        var session = services.GetRequiredService<IDocumentSession>();
        if (await session.LoadAsync<TransferState>(r.TransferId, ct) is { } known)
            return known.OperatorId == r.OperatorId && known.AgentId == r.AgentId && known.Direction == r.Direction && known.Amount == r.Amount
                ? new TransferDecision(TransferDecisionKind.Known, known)
                : new TransferDecision(TransferDecisionKind.KeyReused, known);

        var treasuryId = TreasuryIds.Of(r.OperatorId);
        var batch = session.CreateBatchQuery();
        var agentLoad = batch.Load<AgentAccount>(r.AgentId);
        var treasuryLoad = batch.Load<AgentAccount>(treasuryId);
        await batch.Execute(ct);
        // Another operator's agent, or the treasury named as an agent, is no agent at all.
        if (await agentLoad is not { WalletAddress: not null } agent || agent.OperatorId != r.OperatorId || r.AgentId == treasuryId)
            return new TransferDecision(TransferDecisionKind.AgentNotFound);
        if (await treasuryLoad is not { WalletAddress: not null } treasury)
            return new TransferDecision(TransferDecisionKind.TreasuryNotReady);
        var (source, destination) = r.Direction == TransferDirection.ToAgent ? (treasury, agent) : (agent, treasury);

        var now = time.GetUtcNow();
        // The source as this commit leaves it (a transfer grouped after another one of the same account sees that one's hold).
        ReservationDenied? refusal = null;
        var events = await AccountService.AppendAsync(session, source.AgentId, account =>
        {
            var decided = AgentAccountDecider.Decide(account, new ReserveTransfer(r.TransferId, r.Amount, destination.WalletAddress!, now));
            refusal = decided.FirstOrDefault() as ReservationDenied;
            return refusal is null ? decided : []; // a refused transfer records nothing
        }, ct);
        if (refusal is not null)
            return new TransferDecision(TransferDecisionKind.Refused, Denial: refusal.Reason, Detail: refusal.Detail);
        if (events.FirstOrDefault() is not HoldPlaced)
            // Held before without its saga: impossible, both commit together. Refuse to guess.
            throw new InvalidOperationException($"Transfer {r.TransferId} was held before without its saga.");

        var saga = await starter.StartAsync(services, new TransferState
        {
            CorrelationId = r.TransferId,
            OperatorId = r.OperatorId,
            AgentId = r.AgentId,
            Direction = r.Direction,
            IdempotencyKey = r.IdempotencyKey,
            SourceWalletId = source.AgentId,
            DestinationWalletId = destination.AgentId,
            From = source.WalletAddress!,
            To = destination.WalletAddress!,
            Amount = r.Amount,
        }, TicketKind, ct);
        return new TransferDecision(TransferDecisionKind.Accepted, saga);
    }
}
