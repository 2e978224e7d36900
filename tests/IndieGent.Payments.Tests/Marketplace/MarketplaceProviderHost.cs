using System.Net.Http.Json;
using System.Text.Json;
using IndieGent.Payments.AspNetCore.Marketplace;
using IndieGent.Payments.Protocol.Marketplace;
using IndieGent.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndieGent.Payments.Tests;

/// <summary>
/// A provider on a real Kestrel port whose endpoints require marketplace calls: <c>GET /paid</c> and <c>POST /paid/echo</c>
/// (a JSON body) and <c>GET /paid/{name}</c> each on its own, <c>GET /group/a</c>, <c>GET /group/twice</c> and <c>GET /group/search-only</c> through a group (the latter two
/// required again, the last for the service <c>demo-search</c>), <c>GET /flights-service/a</c> (a group for the service
/// <c>demo-flights</c>), <c>GET /raw</c> (a plain request delegate); <c>GET /free</c> requires nothing. Paid handlers answer the call they
/// see. Its clock is the system's plus an offset the test moves.
/// </summary>
public sealed class MarketplaceProviderHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MarketplaceProviderHost(WebApplication app, Uri url, CapturedLogs logs, ShiftedClock clock)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = url };
        Logs = logs;
        Clock = clock;
    }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public ShiftedClock Clock { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<MarketplaceProviderHost> StartAsync(Action<MarketplaceCallOptions> configure, Action<IServiceCollection>? services = null,
        string? pathBase = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs);
        var clock = new ShiftedClock();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddMarketplaceCalls(configure);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        if (pathBase is not null)
            app.UsePathBase(pathBase);

        app.MapGet("/paid", (HttpContext http) => Answer(http.GetMarketplaceCall())).RequireMarketplaceCall();
        app.MapGet("/paid/{name}", (string name, HttpContext http) => Results.Json(new { name, callId = http.GetMarketplaceCall().CallId }))
            .RequireMarketplaceCall();
        app.MapPost("/paid/echo", (Echo body, HttpContext http) => Results.Json(new { body.Text, callId = http.GetMarketplaceCall().CallId }))
            .RequireMarketplaceCall();
        var group = app.MapGroup("/group").RequireMarketplaceCall();
        group.MapGet("/a", (HttpContext http) => Answer(http.GetMarketplaceCall()));
        group.MapGet("/twice", (HttpContext http) => Answer(http.GetMarketplaceCall())).RequireMarketplaceCall();
        group.MapGet("/search-only", (HttpContext http) => Answer(http.GetMarketplaceCall())).RequireMarketplaceCall("demo-search");
        app.MapGroup("/flights-service").RequireMarketplaceCall("demo-flights").MapGet("/a", (HttpContext http) => Answer(http.GetMarketplaceCall()));
        app.MapGet("/raw", (RequestDelegate)(http => http.Response.WriteAsJsonAsync(Shape(http.GetMarketplaceCall())))).RequireMarketplaceCall();
        app.MapGet("/free", (HttpContext http) =>
        {
            try
            {
                http.GetMarketplaceCall();
                return "a call";
            }
            catch (InvalidOperationException)
            {
                return "free";
            }
        });

        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MarketplaceProviderHost(app, new Uri(address), logs, clock);
    }

    /// <summary>Sends <paramref name="method"/> <paramref name="path"/> with the header (when given) and an optional JSON body.</summary>
    public async Task<HttpResponseMessage> SendAsync(string method, string path, string? header, string? json = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (header is not null)
            request.Headers.TryAddWithoutValidation(MarketplaceCallHeader.Name, header);
        if (json is not null)
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The problem of a refusal: (status, type, detail).</summary>
    public static async Task<(int Status, string Type, string Detail)> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, problem.GetProperty("type").GetString()!, problem.GetProperty("detail").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }

    private static IResult Answer(MarketplaceCall call) => Results.Json(Shape(call));

    private static object Shape(MarketplaceCall call) => new { callId = call.CallId, service = call.Service, price = call.Price, path = call.Path };

    public sealed record Echo(string Text);

    /// <summary>The system clock plus an offset: "now" moves, timers stay real.</summary>
    public sealed class ShiftedClock : TimeProvider
    {
        private long _offsetTicks;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

        public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
