using System.Collections.Concurrent;
using IndieGent.Payments.AspNetCore.Marketplace;
using IndieGent.Payments.Protocol.Marketplace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndieGent.Testing.Platform;

/// <summary>
/// A provider's upstream as a provider runs it: a real Kestrel app whose routes under <c>/api</c>
/// require a paid marketplace call (<c>.RequireMarketplaceCall()</c>, keys fetched from the Gateway).
/// <c>/api/echo/…</c> answers what it received; <c>/api/fail/{status}</c> answers that status;
/// <c>/api/slow?ms=</c> waits first. It counts the requests that reached its handlers.
/// </summary>
public sealed class MarketplaceProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<MarketplaceCall> _calls = new();

    private MarketplaceProvider(WebApplication app, int port)
    {
        _app = app;
        BaseUrl = $"http://127.0.0.1:{port}/api";
    }

    /// <summary>What the marketplace listing's <c>baseUrl</c> is.</summary>
    public string BaseUrl { get; }

    /// <summary>Every paid call a handler ran for, in order.</summary>
    public IReadOnlyCollection<MarketplaceCall> Calls => _calls;

    public sealed record Echo(string Method, string Path, string Query, string Body, string? Auth, string? Custom, MarketplaceCall Call);

    public static async Task<MarketplaceProvider> StartAsync(Uri gateway, Guid providerId, CapturedLogs? logs = null)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        if (logs is not null)
            builder.Logging.AddProvider(logs);
        builder.Services.AddMarketplaceCalls(o =>
        {
            o.ProviderId = providerId;
            o.KeysUrl = new Uri(gateway, "/v1/marketplace/keys");
        });
        var app = builder.Build();
        var provider = new MarketplaceProvider(app, port);
        var api = app.MapGroup("/api").RequireMarketplaceCall();
        api.Map("/echo/{**rest}", async (HttpContext http) =>
        {
            var call = http.GetMarketplaceCall();
            provider._calls.Enqueue(call);
            using var reader = new StreamReader(http.Request.Body);
            return Results.Ok(new Echo(http.Request.Method, http.Request.PathBase + http.Request.Path, http.Request.QueryString.Value ?? "",
                await reader.ReadToEndAsync(http.RequestAborted), http.Request.Headers.Authorization.FirstOrDefault(),
                http.Request.Headers["X-Custom"].FirstOrDefault(), call));
        });
        api.MapGet("/fail/{status:int}", (int status, HttpContext http) =>
        {
            provider._calls.Enqueue(http.GetMarketplaceCall());
            return Results.Text($"failing with {status}", statusCode: status);
        });
        api.MapGet("/slow", async (int ms, HttpContext http) =>
        {
            provider._calls.Enqueue(http.GetMarketplaceCall());
            await Task.Delay(ms, http.RequestAborted);
            return Results.Ok(new { waited = ms });
        });
        await app.StartAsync();
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
