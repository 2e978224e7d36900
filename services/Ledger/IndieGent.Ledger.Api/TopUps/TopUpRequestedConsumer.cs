using IndieGent.Contracts.TopUps;
using IndieGent.Contracts.Transfers;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Ledger.Api.Transfers;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Ledger.Api.TopUps;

/// <summary>
/// Starts an agent's auto-top-up: a treasury → agent transfer with the top-up's id (reserved once,
/// however often this runs), settled by the relayer like any transfer; its end is recorded on the
/// agent's stream by the transfer saga. When the transfer cannot even start — the treasury is short
/// or not open — the top-up fails at once, on the agent's stream, and the agent keeps working on what
/// it has.
/// </summary>
public sealed partial class TopUpRequestedConsumer(TransferReservations transfers, TimeProvider time, ILogger<TopUpRequestedConsumer> logger)
    : IConsumer<TopUpRequested>
{
    public async Task Consume(ConsumeContext<TopUpRequested> context)
    {
        var m = context.Message;
        var decision = await transfers.ReserveAsync(
            new TransferRequest(m.TopUpId, m.OperatorId, m.AgentId, TransferDirection.ToAgent, m.Amount, TransfersApi.AutoTopUpKeyPrefix + m.TopUpId),
            context.CancellationToken);
        var failure = decision.Kind switch
        {
            TransferDecisionKind.Accepted or TransferDecisionKind.Known => null,
            TransferDecisionKind.Refused when decision.Denial == DenialReason.InsufficientFunds =>
                ("treasury-insufficient-funds", $"The operator's treasury could not cover the top-up of {m.Amount}: {decision.Detail}"),
            TransferDecisionKind.Refused => ("treasury-refused", decision.Detail ?? "The treasury refused the transfer."),
            TransferDecisionKind.TreasuryNotReady => ("treasury-not-ready", "The operator's treasury has no ledger account yet."),
            _ => ((string, string)?)("top-up-impossible", $"The transfer could not start ({decision.Kind})."),
        };
        if (failure is not var (reason, detail))
            return;

        LogFailed(m.AgentId, m.TopUpId, reason);
        await AccountService.AppendAsync(context.ConsumeSession(), m.AgentId,
            a => AgentAccountDecider.Decide(a, new FinishTopUp(m.TopUpId, false, null, reason, detail, time.GetUtcNow())), context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auto-top-up {TopUpId} of agent {AgentId} failed: {Reason}")]
    private partial void LogFailed(Guid agentId, Guid topUpId, string reason);
}
