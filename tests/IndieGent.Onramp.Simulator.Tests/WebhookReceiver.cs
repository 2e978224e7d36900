using System.Collections.Concurrent;
using System.Net;
using IndieGent.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IndieGent.Onramp.Simulator.Tests;

/// <summary>The partner's webhook endpoint: a Kestrel app on a free loopback port that keeps what it receives.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private WebApplication? _app;

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var receiver = new WebhookReceiver();
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/webhooks", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver._received.Enqueue(new ReceivedWebhook(headers, body.ToArray(), DateTimeOffset.UtcNow));
            return Results.Ok();
        });
        await app.StartAsync(cancellationToken);
        receiver._app = app;
        receiver.Url = new Uri($"http://127.0.0.1:{port}/webhooks");
        return receiver;
    }

    /// <summary>What arrived so far for <paramref name="partnerUserRef"/>, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> For(string partnerUserRef) =>
        _received.Where(w => w.Field("partnerUserRef") == partnerUserRef).ToList();

    /// <summary>Waits until <paramref name="count"/> webhooks arrived for <paramref name="partnerUserRef"/>.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string partnerUserRef, int count, CancellationToken cancellationToken, TimeSpan? bound = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound ?? TimeSpan.FromSeconds(30));
        while (For(partnerUserRef) is var received && received.Count < count)
        {
            try
            {
                await Task.Delay(PollInterval, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{received.Count} of {count} webhooks arrived for {partnerUserRef}.");
            }
        }

        return For(partnerUserRef);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
