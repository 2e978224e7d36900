using Marten;
using Marten.Storage;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IndieGent.Messaging.Outbox;

/// <summary>
/// The relay: sends committed outbox rows that are due (immediate messages, and scheduled ones
/// whose time has come) to the broker, with their original MessageId, headers and body, then
/// deletes them. Safe with several replicas: each pass locks its rows with
/// <c>FOR UPDATE SKIP LOCKED</c>, so one row is sent by one replica at a time.
/// </summary>
/// <remarks>
/// At least once: a crash after a send and before the delete's commit sends that message again,
/// with the same MessageId, and the receiver's inbox drops it. A message the broker does not take
/// is retried with back-off (its due time moves), so one bad row never blocks the others; this is
/// also why relayed messages are not strictly ordered.
/// </remarks>
internal sealed partial class OutboxDeliveryService(
    IBus bus, IDocumentStore store, OutboxTables tables, OutboxSignal signal, MartenOutboxOptions options,
    TimeProvider time, ILogger<OutboxDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.QueryDelay;
            try
            {
                // A pass records no span; each message keeps the trace it was published in (its headers).
                int sent;
                bool failed;
                using (BackgroundWork.Untraced())
                    (sent, failed) = await DeliverDueAsync(stoppingToken);
                failures = failed ? failures + 1 : 0;
                if (failed)
                    wait = Backoff(failures);
                else if (sent == options.QueryMessageLimit)
                    continue; // more may be due right now
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is unreachable, or its schema is not there yet: try again later.
                failures++;
                wait = Backoff(failures);
                LogPassFailed(e, wait.TotalSeconds);
            }

            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<(int Sent, bool Failed)> DeliverDueAsync(CancellationToken stoppingToken)
    {
        await using var connection = store.Storage.Database.CreateConnection(ConnectionUsage.ReadWrite);
        await connection.OpenAsync(stoppingToken);
        await using var transaction = await connection.BeginTransactionAsync(stoppingToken);

        var now = time.GetUtcNow();
        var rows = new List<OutboxRow>();
        await using (var select = new NpgsqlCommand(tables.LockDue, connection, transaction)
        {
            Parameters = { new() { Value = now }, new() { Value = options.QueryMessageLimit } },
        })
        await using (var reader = await select.ExecuteReaderAsync(stoppingToken))
        {
            while (await reader.ReadAsync(stoppingToken))
                rows.Add(OutboxRow.Read(reader));
        }

        if (rows.Count == 0)
            return (0, false);

        // All due rows go out at once: each send waits for its publisher confirm, and waiting for
        // them one after another made the relay the pace of every saga step.
        var outcomes = await Task.WhenAll(rows.Select(row => DeliverAsync(row, now, stoppingToken)));
        var done = new List<long>(rows.Count);
        var failed = new List<(OutboxRow Row, Exception Failure)>();
        foreach (var (row, failure) in outcomes)
        {
            if (failure is null)
                done.Add(row.SequenceNumber);
            else
                failed.Add((row, failure));
        }

        if (done.Count > 0)
        {
            await using var delete = new NpgsqlCommand(tables.DeleteSent, connection, transaction)
            {
                Parameters = { new() { Value = done.ToArray() } },
            };
            await delete.ExecuteNonQueryAsync(stoppingToken);
        }

        foreach (var (failedRow, failure) in failed)
        {
            var retryIn = Backoff(failedRow.Attempts + 1);
            await using var postpone = new NpgsqlCommand(tables.Postpone, connection, transaction)
            {
                Parameters =
                {
                    new() { Value = failedRow.SequenceNumber },
                    new() { Value = time.GetUtcNow() + retryIn },
                    new() { Value = $"{failure.GetType().Name}: {failure.Message}" },
                },
            };
            await postpone.ExecuteNonQueryAsync(stoppingToken);
            LogSendFailed(failure, failedRow.MessageId, failedRow.DestinationAddress, failedRow.Attempts + 1, retryIn.TotalSeconds);
        }

        await transaction.CommitAsync(stoppingToken);
        return (done.Count, failed.Count > 0);
    }

    // Null when the row is done with: sent, or expired (the broker would discard it on arrival).
    private async Task<(OutboxRow Row, Exception? Failure)> DeliverAsync(OutboxRow row, DateTimeOffset now, CancellationToken stoppingToken)
    {
        if (row.ExpirationTime is { } expiration && expiration <= now.UtcDateTime)
        {
            LogExpired(row.MessageId);
            return (row, null);
        }

        try
        {
            await SendAsync(row, stoppingToken);
            return (row, null);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            return (row, e);
        }
    }

    private async Task SendAsync(OutboxRow row, CancellationToken stoppingToken)
    {
        // A broker that is down makes a send wait for the connection; give up after the timeout.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.MessageDeliveryTimeout);

        // Through the destination queue's exchange: a send to the queue itself would declare it, classic, over a quorum queue.
        var endpoint = await bus.GetSendEndpoint(QueueAddresses.ThroughExchange(row.DestinationAddress)).WaitAsync(timeout.Token);
        await endpoint.Send(new SerializedMessageBody(), new OutboxMessageSendPipe(row, row.DestinationAddress), timeout.Token);
    }

    private TimeSpan Backoff(int attempt)
    {
        var seconds = Math.Pow(2, Math.Min(attempt - 1, 16));
        return TimeSpan.FromSeconds(Math.Min(seconds, options.MaxRedeliveryDelay.TotalSeconds));
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Outbox relay could not send message {MessageId} to {Destination} (attempt {Attempt}); next attempt in {RetrySeconds} s")]
    private partial void LogSendFailed(Exception exception, Guid messageId, Uri destination, int attempt, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay pass failed; next pass in {RetrySeconds} s")]
    private partial void LogPassFailed(Exception exception, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {MessageId} expired before it could be relayed; dropped")]
    private partial void LogExpired(Guid messageId);
}
