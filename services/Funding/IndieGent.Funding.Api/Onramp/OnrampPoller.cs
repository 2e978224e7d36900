using IndieGent.Messaging;
using Marten;
using Microsoft.Extensions.Options;

namespace IndieGent.Funding.Api.Onramp;

/// <summary>
/// The fallback when a webhook never comes: every <see cref="OnrampOptions.PollInterval"/>, asks
/// Coinbase's transaction status API about unfinished orders it has said nothing about for
/// <see cref="OnrampOptions.PollAfter"/>, and applies the answer like a webhook (once per state).
/// Passes record no spans (<see cref="BackgroundWork.Untraced"/>), like every background loop.
/// </summary>
public sealed partial class OnrampPoller(
    IDocumentStore store, CoinbaseOnrampClient coinbase, OnrampReports reports, IOptions<OnrampOptions> options, TimeProvider time,
    ILogger<OnrampPoller> logger) : BackgroundService
{
    private const int OrdersPerPass = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
            return;
        using var timer = new PeriodicTimer(settings.PollInterval, time);
        do
        {
            try
            {
                // Like every background loop, a pass records no spans (what it applies is logged).
                using (BackgroundWork.Untraced())
                    await PollOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass; returns how many orders were asked about.</summary>
    public async Task<int> PollOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var quietSince = now - settings.PollAfter;
        var notBefore = now - settings.PollFor;
        List<OnrampOrder> due;
        await using (var session = store.QuerySession())
        {
            due = (await session.Query<OnrampOrder>()
                .Where(o => (o.Status == Funding.Onramp.OnrampOrderStatus.Created || o.Status == Funding.Onramp.OnrampOrderStatus.InProgress) &&
                            o.CreatedAt > notBefore && o.CreatedAt < quietSince &&
                            (o.LastReportAt == null || o.LastReportAt < quietSince) && (o.LastPolledAt == null || o.LastPolledAt < quietSince))
                .OrderBy(o => o.CreatedAt).Take(OrdersPerPass).ToListAsync(ct)).ToList();
        }

        foreach (var order in due)
        {
            var transactions = await coinbase.TransactionsAsync(order.PartnerUserRef, ct);
            foreach (var report in transactions)
                await reports.ApplyAsync(order.PartnerUserRef, report, $"poll:{report.TransactionId}:{report.Status}:{report.TxHash}", ct);
            await MarkPolledAsync(order.Id, now, ct);
        }

        return due.Count;
    }

    private async Task MarkPolledAsync(Guid orderId, DateTimeOffset at, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<OnrampOrder>(orderId, ct) is not { } order)
            return;
        order.LastPolledAt = at;
        session.Store(order);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (MartenConflicts.IsStaleWrite(e))
        {
            // A report moved the order meanwhile: it is no longer quiet, which is what the mark is for.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling Coinbase Onramp failed; retrying at the next interval")]
    private partial void LogFailed(Exception exception);
}
