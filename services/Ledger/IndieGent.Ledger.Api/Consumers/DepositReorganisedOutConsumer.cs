using System.Globalization;
using IndieGent.Contracts.Funding;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Ledger.Api.Consumers;

/// <summary>
/// Reverses the credit of a deposit a reorganisation removed from the chain, so the account again equals the wallet on chain,
/// and announces the reversal. Once per deposit id: a redelivered alert reverses nothing more; an alert for a deposit never
/// credited (it arrived first, or was never booked) reverses nothing. The reversal and its announcement commit with the consume.
/// </summary>
public sealed partial class DepositReorganisedOutConsumer(TimeProvider time, ILogger<DepositReorganisedOutConsumer> logger)
    : IConsumer<DepositReorganisedOut>
{
    public async Task Consume(ConsumeContext<DepositReorganisedOut> context)
    {
        var m = context.Message;
        if (!long.TryParse(m.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            throw new InvalidOperationException($"Deposit {m.DepositId} has an amount the ledger cannot book: {m.Amount}.");

        var stream = await context.ConsumeSession().Events.FetchForWriting<AgentAccount>(m.CorrelationId, context.CancellationToken);
        var account = stream.Aggregate ?? throw new AccountNotFoundException(m.CorrelationId);
        var now = time.GetUtcNow();
        var events = AgentAccountDecider.Decide(account, new ReverseCredit(m.DepositId, amount,
            $"deposit removed from block {m.BlockNumber} by a chain reorganisation", m.TxHash, now));
        if (events.Count == 0)
            return;
        stream.AppendMany(events);
        var reversed = events.Aggregate(account, (a, e) => a.When(e));
        LogReversed(m.DepositId, m.CorrelationId, amount, reversed.Available);
        await context.Publish(new DepositReversed(m.CorrelationId, m.DepositId, m.Amount, m.TxHash, reversed.Available, now), context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "Reversed deposit {DepositId} of account {AgentId} ({Amount}): a chain reorganisation removed it; available now {Available}")]
    private partial void LogReversed(string depositId, Guid agentId, long amount, long available);
}
