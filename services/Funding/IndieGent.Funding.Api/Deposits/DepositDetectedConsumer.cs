using IndieGent.Contracts.Funding;
using IndieGent.Funding.Deposits;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Funding.Api.Deposits;

/// <summary>
/// A deposit mined but not yet confirmed: shown as pending. Inserted only when unknown, so a late
/// detection never turns a credited deposit back into a pending one (a racing insert fails the
/// commit and the retry finds the record).
/// </summary>
public sealed class DepositDetectedConsumer : IConsumer<DepositDetected>
{
    public async Task Consume(ConsumeContext<DepositDetected> context)
    {
        var m = context.Message;
        var session = context.ConsumeSession();
        if (await session.LoadAsync<DepositRecord>(m.DepositId, context.CancellationToken) is not null)
            return;
        session.Insert(new DepositRecord
        {
            Id = m.DepositId,
            AgentId = m.CorrelationId,
            Amount = m.Amount,
            From = m.FromAddress,
            TxHash = m.TxHash,
            LogIndex = m.LogIndex,
            BlockNumber = m.BlockNumber,
            Status = DepositStatus.PendingConfirmations,
            DetectedAt = m.At,
        });
    }
}
