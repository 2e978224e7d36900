using Marten;
using Marten.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IndieGent.Messaging.Outbox;

/// <summary>
/// Forgets consumed messages once they are older than the duplicate-detection window, so the
/// inbox does not grow for ever. Outbox rows need no sweeping: the relay deletes what it sends.
/// </summary>
internal sealed partial class InboxCleanupService(
    IDocumentStore store, OutboxTables tables, MartenOutboxOptions options, TimeProvider time,
    ILogger<InboxCleanupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CleanupInterval, time);
        do
        {
            try
            {
                int removed;
                using (BackgroundWork.Untraced())
                    removed = await RemoveExpiredAsync(stoppingToken);
                if (removed > 0)
                    LogRemoved(removed);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    internal async Task<int> RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection(ConnectionUsage.ReadWrite);
        await connection.OpenAsync(cancellationToken);
        await using var delete = new NpgsqlCommand(tables.DeleteOldInbox, connection)
        {
            Parameters = { new() { Value = time.GetUtcNow() - options.DuplicateDetectionWindow } },
        };
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Inbox cleanup removed {Count} row(s)")]
    private partial void LogRemoved(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox cleanup failed; it runs again at the next interval")]
    private partial void LogFailed(Exception exception);
}
