using IndieGent.Contracts.Funding;
using IndieGent.Funding.Api.Onramp;
using IndieGent.Funding.Deposits;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Funding.Api.Deposits;

/// <summary>
/// The Ledger credited a deposit: the record says so, and an on-ramp order Coinbase delivered with
/// this transaction is completed (through the transaction's <see cref="TransactionLink"/>, which a
/// webhook naming the same hash writes too, so whichever comes second completes the order).
/// </summary>
public sealed class DepositCreditedConsumer(TimeProvider time) : IConsumer<DepositCredited>
{
    public async Task Consume(ConsumeContext<DepositCredited> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var session = context.ConsumeSession();
        var record = await session.LoadAsync<DepositRecord>(m.DepositId, ct) ?? new DepositRecord
        {
            Id = m.DepositId,
            AgentId = m.CorrelationId,
            Amount = m.Amount,
            TxHash = m.TxHash,
            LogIndex = m.LogIndex,
            BlockNumber = m.BlockNumber,
            DetectedAt = m.At,
        };
        if (record.Status == DepositStatus.Credited)
            return;
        record.Status = DepositStatus.Credited;
        record.CreditedAt = m.At;
        session.Store(record);

        await TransactionLink.DepositCreditedAsync(session, m.TxHash, m.CorrelationId, m.DepositId, time.GetUtcNow(), ct);
    }
}
