using IndieGent.Funding.Onramp;
using IndieGent.Messaging;
using Marten;

namespace IndieGent.Funding.Api.Onramp;

/// <summary>
/// Applies Coinbase's reports (webhooks, polls) to orders: each report once (by its receipt id),
/// in any order (an order only moves forward), and a success with a transaction hash linked to the
/// deposit of that hash. A report and a credit racing on one order or transaction make one commit
/// fail; it is applied again on the winner's state.
/// </summary>
public sealed partial class OnrampReports(IDocumentStore store, TimeProvider time, ILogger<OnrampReports> logger)
{
    private const int MaxAttempts = 5;

    public async Task<ReportOutcome> ApplyAsync(string partnerUserRef, CoinbaseReport report, string receiptId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            if (await session.LoadAsync<OnrampReportReceipt>(receiptId, ct) is not null)
                return ReportOutcome.Duplicate;
            var order = await session.Query<OnrampOrder>().FirstOrDefaultAsync(o => o.PartnerUserRef == partnerUserRef, ct);
            if (order is null)
            {
                LogUnknown(partnerUserRef);
                return ReportOutcome.UnknownOrder;
            }

            var now = time.GetUtcNow();
            session.Insert(new OnrampReportReceipt(receiptId, order.Id, now));
            var before = order.Status;
            order.Apply(report, now);
            if (order.Status == OnrampOrderStatus.AwaitingChain && order.TxHash is { } txHash)
                await TransactionLink.OrderDeliveredAsync(session, order, txHash, now, ct);
            session.Store(order);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (MartenConflicts.IsLostRace(e) && attempt < MaxAttempts)
            {
                continue;
            }

            if (order.Status != before)
                LogMoved(order.Id, before, order.Status, report.Status);
            return ReportOutcome.Applied;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Coinbase reported on partner reference {PartnerUserRef}, which names no order here")]
    private partial void LogUnknown(string partnerUserRef);

    [LoggerMessage(Level = LogLevel.Information, Message = "On-ramp order {OrderId} moved from {From} to {To} (Coinbase: {CoinbaseStatus})")]
    private partial void LogMoved(Guid orderId, OnrampOrderStatus from, OnrampOrderStatus to, string? coinbaseStatus);
}

public enum ReportOutcome
{
    Applied,
    Duplicate,
    UnknownOrder,
}
