using System.Net.Http.Headers;
using System.Threading.Channels;
using IndieGent.Onramp.Simulator.Extensions;
using Microsoft.Extensions.Options;

namespace IndieGent.Onramp.Simulator.Webhooks;

/// <summary>
/// Delivers each purchase's webhooks in the background, so a delayed delivery never holds up the
/// checkout, and batches never wait for one another. The plan of the batch decides delay, order,
/// duplicates or silence. Each delivery is one attempt, as the plan says: its HTTP client is its
/// own, without the resilience handlers (and their retries) every factory client gets here.
/// </summary>
public sealed partial class WebhookDispatcher(
    IOptionsMonitor<SimulatorOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);
    private const string JsonMediaType = "application/json";
    private const string EventIdHeader = "X-Event-Id";
    private const string EventTypeHeader = "X-Event-Type";
    private const string ContentTypeHeader = "Content-Type";
    private const int DuplicateCount = 2;

    private readonly Channel<WebhookBatch> _batches = Channel.CreateUnbounded<WebhookBatch>();
    private readonly HttpClient _http = new() { Timeout = DeliveryTimeout };

    public void Enqueue(WebhookBatch batch)
    {
        if (!_batches.Writer.TryWrite(batch))
            throw new InvalidOperationException("The webhook dispatcher has stopped.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(stoppingToken))
            {
                running.RemoveAll(t => t.IsCompleted);
                running.Add(DeliverAsync(batch, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the batches under way see the same token.
        }

        await Task.WhenAll(running);
    }

    private async Task DeliverAsync(WebhookBatch batch, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (batch.Plan.SuppressWebhooks || string.IsNullOrWhiteSpace(settings.WebhookUrl))
        {
            LogNotDelivered(batch.Session.Id, batch.Plan.SuppressWebhooks ? "suppressed by the fault plan" : "no Simulator:WebhookUrl");
            return;
        }

        try
        {
            if (batch.Plan.WebhookDelay > TimeSpan.Zero)
                await Task.Delay(batch.Plan.WebhookDelay, time, cancellationToken);
            var events = batch.Plan.OutOfOrder ? batch.Events.Reverse() : batch.Events;
            foreach (var webhook in events)
            {
                for (var copy = 0; copy < (batch.Plan.DuplicateWebhooks ? DuplicateCount : 1); copy++)
                    batch.Session.Record(await SendAsync(new Uri(settings.WebhookUrl), settings.WebhookSecret ?? "", webhook, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The simulator is stopping; what was not sent is not sent.
        }
    }

    private async Task<WebhookDelivery> SendAsync(Uri target, string secret, WebhookEvent webhook, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(webhook.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue(JsonMediaType);
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
        var eventId = webhook.EventId.ToString();
        request.Headers.Add(EventIdHeader, eventId);
        request.Headers.Add(EventTypeHeader, webhook.EventType);
        KeyValuePair<string, string>[] signed =
            [new(ContentTypeHeader, JsonMediaType), new(EventIdHeader, eventId), new(EventTypeHeader, webhook.EventType)];
        request.Headers.Add(Hook0Signature.HeaderName,
            Hook0Signature.Compute(secret, time.GetUtcNow().ToUnixTimeSeconds(), signed, webhook.Body.Span));

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            LogDelivered(webhook.EventType, webhook.EventId, (int)response.StatusCode);
            return new WebhookDelivery(webhook.EventId, webhook.EventType, time.GetUtcNow(), (int)response.StatusCode, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogDeliveryFailed(webhook.EventType, webhook.EventId, e.Message);
            return new WebhookDelivery(webhook.EventId, webhook.EventType, time.GetUtcNow(), null, e.Message);
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered {EventType} (event {EventId}): the receiver answered {StatusCode}")]
    private partial void LogDelivered(string eventType, Guid eventId, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not deliver {EventType} (event {EventId}): {Reason}")]
    private partial void LogDeliveryFailed(string eventType, Guid eventId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The webhooks of session {SessionId} are not delivered: {Reason}")]
    private partial void LogNotDelivered(string sessionId, string reason);
}
