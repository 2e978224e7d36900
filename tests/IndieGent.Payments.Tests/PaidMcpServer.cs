using System.ComponentModel;
using System.Numerics;
using IndieGent.Payments.Mcp;
using IndieGent.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
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
        var (app, url, logs) = await GateHost.StartAsync(world, "mcp.paid.test", configure: null,
            services => services.AddMcpServer()
                .WithHttpTransport(o => o.SessionMode = HttpServerSessionMode.Stateless)
                .WithTools<ForecastTools>()
                .WithPaidTools(prices => prices.Add("forecast", price, world.Token.Address.ToChecksumHex(), world.Merchant.ToChecksumHex(), "a forecast")),
            app => app.MapMcp("/mcp"));
        return new PaidMcpServer(app, new Uri(url, "/mcp"), logs);
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
