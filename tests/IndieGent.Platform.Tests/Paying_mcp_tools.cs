using System.ComponentModel;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Mcp.Payments;
using IndieGent.Payments.AspNetCore;
using IndieGent.Payments.Mcp;
using IndieGent.Sdk.Payers;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Nethereum.Signer;

namespace IndieGent.Platform.Tests;

/// <summary>
/// MPP over MCP through the platform: an agent's <see cref="PaidMcpClient"/> hands a paid tool's challenge to IndieGent,
/// which pays from the agent's wallet under its controls; the ledger follows the authorization on chain.
/// </summary>
public sealed class Paying_mcp_tools(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private const long Price = 33_000;

    [Fact]
    public async Task The_platform_pays_a_paid_mcp_tool_from_the_agents_wallet()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        var merchant = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        await using var server = await StartAsync(merchant);
        using var http = new HttpClient();
        var payer = new PlatformPayer(http, new PlatformPayerOptions { Gateway = Platform.GatewayAddress, ApiKey = agent.ApiKey });
        await using var client = await PaidMcpClient.ConnectAsync(new Uri(server.Url(), "/mcp"), payer, cancellationToken: Ct);

        var paid = await client.CallToolAsync("forecast", new Dictionary<string, object?> { ["city"] = "Porto" }, cancellationToken: Ct);

        Assert.True(paid.Result.IsError != true, System.Text.Json.JsonSerializer.Serialize(paid.Result));
        Assert.Equal("Sunny in Porto", Assert.IsType<TextContentBlock>(Assert.Single(paid.Result.Content)).Text);
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant, Ct));
        await Platform.MineAsync(2);
        var settled = await Platform.PaymentReachesAsync(agent.ApiKey, paid.Payment!.PaymentId!.Value, "Settled");
        Assert.Equal(paid.Receipt!.Reference, settled.TxHash, ignoreCase: true);
        Assert.Equal(1_000_000 - Price, (await Platform.WalletAsync(agent.ApiKey)).Posted);
    }

    private async Task<WebApplication> StartAsync(EvmAddress merchant)
    {
        var settler = await Anvil.CreateFundedAccountAsync(Ct);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(Platform.Logs);
        builder.Services.AddPaymentGate(o =>
        {
            o.Secret = "platform-mcp-secret-of-32-bytes-or-more";
            o.ChainId = Anvil.ChainId;
            o.RpcUrl = new Uri(Anvil.RpcUrl);
            o.SettlementPrivateKey = settler.PrivateKey;
        });
        builder.Services.AddMcpServer()
            .WithHttpTransport(o => o.SessionMode = HttpServerSessionMode.Stateless)
            .WithTools<WeatherTools>()
            .WithPaidTools(prices => prices.Add("forecast", Price, Platform.Token.Address.ToChecksumHex(), merchant.ToChecksumHex()));
        var app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync(Ct);
        return app;
    }

    [McpServerToolType]
    public sealed class WeatherTools
    {
        [McpServerTool(Name = "forecast"), Description("Tomorrow's weather for a city.")]
        public static string Forecast(string city) => $"Sunny in {city}";
    }
}
