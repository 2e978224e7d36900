using System.Globalization;
using IndieGent.Contracts.Funding;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Ledger.Api.Consumers;

/// <summary>
/// Credits a confirmed deposit to the agent's account and announces the credit. The deposit id is
/// the ledger entry id, so a redelivered or re-announced deposit credits nothing more and announces
/// nothing. The credit and the announcement commit with the consume.
/// </summary>
public sealed class DepositObservedConsumer(TimeProvider time) : IConsumer<DepositObserved>
{
    public async Task Consume(ConsumeContext<DepositObserved> context)
    {
        var deposit = context.Message;
        // A value beyond long (9.2 trillion USDC) is not a deposit we can book: fail loudly so it
        // lands in the error queue for a human instead of being truncated.
        if (!long.TryParse(deposit.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            throw new InvalidOperationException($"Deposit {deposit.DepositId} has an amount the ledger cannot book: {deposit.Amount}.");

        var stream = await context.ConsumeSession().Events.FetchForWriting<AgentAccount>(deposit.CorrelationId, context.CancellationToken);
        var account = stream.Aggregate ?? throw new AccountNotFoundException(deposit.CorrelationId);
        var now = time.GetUtcNow();
        var events = AgentAccountDecider.Decide(account, new CreditFunds(deposit.DepositId, amount, CreditSource.Deposit, deposit.TxHash, now));
        if (events.Count == 0)
            return;
        stream.AppendMany(events);
        var credited = events.Aggregate(account, (a, e) => a.When(e));
        await context.Publish(new DepositCredited(deposit.CorrelationId, deposit.DepositId, deposit.ToAddress, deposit.Amount, deposit.TxHash,
            deposit.LogIndex, deposit.BlockNumber, credited.Available, now), context.CancellationToken);
    }
}
