using System.Net;
using System.Numerics;
using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Mcp;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Nethereum.Signer;

namespace IndieGent.Platform.Tests;

/// <summary>
/// The Gateway's <c>/mcp</c> endpoint, driven by the MCP C# SDK's client over Streamable HTTP with an
/// agent's key: the tools an LLM sees, paying a 402 within a maximum, the balance and payments, the
/// marketplace; and who may use it.
/// </summary>
public sealed class The_mcp_server(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil) : PlatformTest(postgres, rabbit, anvil)
{
    private const long Price = 120_000;

    // The paid API and the marketplace provider of these tests run on this machine.
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string> { ["Mcp:AllowPrivateNetworks"] = "true" };

    [Fact]
    public async Task Lists_its_tools_with_descriptions_for_a_model()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await using var mcp = await ConnectAsync(agent.ApiKey);

        var tools = await mcp.ListToolsAsync(cancellationToken: Ct);

        Assert.Equal(["fetch_paid", "get_balance", "list_payments", "marketplace_call", "marketplace_search"], tools.Select(t => t.Name).Order());
        Assert.All(tools, t => Assert.True(t.Description.Length > 80, $"{t.Name} explains itself to a model"));
        var fetch = tools.Single(t => t.Name == "fetch_paid");
        var required = fetch.JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["url", "max_usdc"], required);
    }

    [Fact]
    public async Task Fetch_paid_pays_a_402_within_its_maximum_and_the_payment_shows_in_the_balance_and_the_list()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 2_000_000);
        var merchant = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        await using var api = await PaidApis.StartAsync(Platform, Price, merchant);
        await using var mcp = await ConnectAsync(agent.ApiKey);

        var paid = await CallAsync(mcp, "fetch_paid", new() { ["url"] = new Uri(api.Url(), "/search").ToString(), ["max_usdc"] = 0.5m });

        Assert.Equal(200, paid.GetProperty("status").GetInt32());
        Assert.Equal("results", paid.GetProperty("body").GetString());
        var payment = paid.GetProperty("payment");
        Assert.Equal(("120000", "0.12"), (payment.GetProperty("amount").GetProperty("base_units").GetString(),
            payment.GetProperty("amount").GetProperty("usdc").GetString()));
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant, Ct));

        var balance = await CallAsync(mcp, "get_balance", []);
        Assert.Equal("1.88", balance.GetProperty("available").GetProperty("usdc").GetString());
        Assert.Equal(agent.Agent.WalletAddress, balance.GetProperty("wallet_address").GetString(), ignoreCase: true);

        var list = await CallAsync(mcp, "list_payments", new() { ["limit"] = 5 });
        var listed = Assert.Single(list.GetProperty("payments").EnumerateArray());
        Assert.Equal(payment.GetProperty("payment_id").GetString(), listed.GetProperty("payment_id").GetString());

        // A maximum below the price: refused, nothing paid, and the model is told why.
        var (refused, error) = await CallForErrorAsync(mcp, "fetch_paid", new() { ["url"] = new Uri(api.Url(), "/search").ToString(), ["max_usdc"] = 0.1m });
        Assert.True(refused);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetString()));
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant, Ct));
    }

    [Fact]
    public async Task A_payment_the_controls_refuse_is_a_tool_error_with_the_platforms_reason()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 2_000_000);
        await Platform.SetPolicyAsync(op.ApiKey, agent.Agent.Id, new { maxPerPayment = Price - 1 });
        await using var api = await PaidApis.StartAsync(Platform, Price, EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress()));
        await using var mcp = await ConnectAsync(agent.ApiKey);

        var (isError, error) = await CallForErrorAsync(mcp, "fetch_paid", new() { ["url"] = new Uri(api.Url(), "/search").ToString(), ["max_usdc"] = 1m });

        Assert.True(isError);
        Assert.Equal("ExceedsPerPaymentLimit", error.GetProperty("error").GetString());
        Assert.Contains("IndieGent did not pay", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Searches_and_calls_the_marketplace_charging_the_wallet()
    {
        var providerKey = (await Platform.CreateOperatorAsync("Provider")).ApiKey;
        var provider = await Platform.CreateProviderAsync(providerKey, EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress()).ToLowerHex());
        await using var upstream = await MarketplaceProvider.StartAsync(Platform.GatewayAddress, provider.Id, Platform.Logs);
        await Platform.PutServiceAsync(providerKey, "echo-weather", new
        {
            providerId = provider.Id, name = "Echo Weather", category = "weather", description = "Answers what it was asked, about the weather.",
            baseUrl = upstream.BaseUrl, price = "30000",
        });
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        await using var mcp = await ConnectAsync(agent.ApiKey);

        var found = await CallAsync(mcp, "marketplace_search", new() { ["query"] = "weather" });
        var service = Assert.Single(found.GetProperty("services").EnumerateArray());
        Assert.Equal(("echo-weather", "0.03"), (service.GetProperty("slug").GetString(), service.GetProperty("price").GetProperty("usdc").GetString()));

        var called = await CallAsync(mcp, "marketplace_call", new() { ["slug"] = "echo-weather", ["path"] = "/echo/lisbon" });
        Assert.Equal(200, called.GetProperty("status").GetInt32());
        Assert.Equal("captured", called.GetProperty("charge").GetString());
        Assert.Equal("30000", called.GetProperty("amount").GetProperty("base_units").GetString());
        Assert.Contains("/echo/lisbon", called.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_agents_key_opens_it()
    {
        var op = await Platform.CreateOperatorAsync();
        using var http = new HttpClient();
        foreach (var (key, expected) in new[] { ((string?)null, HttpStatusCode.Unauthorized), ("igk_nope_notakey", HttpStatusCode.Unauthorized),
                     (op.ApiKey, HttpStatusCode.Forbidden) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Platform.GatewayAddress, "/mcp"))
            {
                Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");
            if (key is not null)
                request.Headers.Authorization = new("Bearer", key);
            using var response = await http.SendAsync(request, Ct);
            Assert.Equal(expected, response.StatusCode);
        }
    }

    private async Task<McpClient> ConnectAsync(string apiKey) =>
        await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(Platform.GatewayAddress, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {apiKey}" },
        }), cancellationToken: Ct);

    private static async Task<JsonElement> CallAsync(McpClient mcp, string tool, Dictionary<string, object?> arguments)
    {
        var result = await mcp.CallToolAsync(tool, arguments, cancellationToken: Ct);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.True(result.IsError is not true, $"{tool}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<(bool IsError, JsonElement Error)> CallForErrorAsync(McpClient mcp, string tool, Dictionary<string, object?> arguments)
    {
        var result = await mcp.CallToolAsync(tool, arguments, cancellationToken: Ct);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        return (result.IsError is true, JsonDocument.Parse(text).RootElement.Clone());
    }
}

/// <summary>What <c>fetch_paid</c> on a server may connect to: the public internet only (the rule is IndieGent.Net.PublicNetwork).</summary>
public sealed class The_public_network_handler
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.5", false)]
    [InlineData("192.168.1.10", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    public void Tells_public_addresses_from_internal_ones(string address, bool isPublic) =>
        Assert.Equal(isPublic, IndieGent.Net.PublicNetwork.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task Refuses_to_connect_to_this_machine_by_address_or_by_name()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var guarded = new HttpClient(PublicNetworkHandler.Create(allowPrivateNetworks: false));
        foreach (var url in new[] { $"http://127.0.0.1:{port}/", $"http://localhost:{port}/" })
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => guarded.GetAsync(url, TestContext.Current.CancellationToken));
            Assert.Contains("not a public internet address", refused.Message + refused.InnerException?.Message, StringComparison.Ordinal);
        }

        Assert.False(listener.Pending(), "no connection reached the listener");
    }
}
