using System.ComponentModel;
using System.Numerics;
using IndieGent.Payments.AspNetCore;
using IndieGent.Payments.Mcp;
using IndieGent.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Server;

namespace IndieGent.Payments.Tests;

/// <summary>An MCP server (Streamable HTTP at /mcp) whose <c>forecast</c> tool costs <c>price</c> (our payment gate) and <c>ping</c> is free.</summary>
public sealed class PaidMcpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PaidMcpServer(WebApplication app, Uri endpoint, CapturedLogs logs)
    {
        _app = app;
        Endpoint = endpoint;
        Logs = logs;
    }

    public Uri Endpoint { get; }

    public CapturedLogs Logs { get; }

    public static async Task<PaidMcpServer> StartAsync(ChainWorld world, BigInteger price)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddPaymentGate(o =>
        {
            o.Secret = "mcp-test-secret-that-is-at-least-32-bytes";
            o.ChainId = world.Anvil.ChainId;
            o.RpcUrl = new Uri(world.Anvil.RpcUrl);
            o.SettlementPrivateKey = world.Settler.PrivateKey;
            o.Realm = "mcp.paid.test";
        });
        builder.Services.AddMcpServer()
            .WithHttpTransport(o => o.SessionMode = HttpServerSessionMode.Stateless)
            .WithTools<ForecastTools>()
            .WithPaidTools(prices => prices.Add("forecast", price, world.Token.Address.ToChecksumHex(), world.Merchant.ToChecksumHex(), "a forecast"));
        var app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PaidMcpServer(app, new Uri(new Uri(address), "/mcp"), logs);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [McpServerToolType]
    public sealed class ForecastTools
    {
        [McpServerTool(Name = "forecast"), Description("Tomorrow's weather for a city.")]
        public static string Forecast(string city) => $"Sunny in {city}";

        [McpServerTool(Name = "ping"), Description("Answers pong.")]
        public static string Ping() => "pong";
    }
}
