using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Nethereum.Signer;

namespace IndieGent.Cli.Tests;

/// <summary>
/// The <c>indiegent</c> command tree run in-process against a real platform, as an operator and an agent would use it from a
/// terminal: through the public Gateway API only.
/// </summary>
public sealed partial class Against_the_platform(CliPlatform fixture) : IClassFixture<CliPlatform>, IAsyncLifetime
{
    private const long Price = 120_000;
    private readonly List<IDisposable> _users = [];
    private readonly List<IAsyncDisposable> _apis = [];

    private PaymentPlatform Platform => fixture.Platform;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_keeps_the_key_readable_only_by_its_owner_and_later_commands_use_it()
    {
        var op = await Platform.CreateOperatorAsync();
        var user = User();

        var login = await user.RunWithInputAsync(op.ApiKey + "\n", "login", "--url", Platform.GatewayAddress.ToString(), "--json");

        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Equal("operator", login.Json.GetProperty("role").GetString());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(user.ConfigPath));
        Assert.Contains(op.ApiKey, await File.ReadAllTextAsync(user.ConfigPath, Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(op.ApiKey, login.Out + login.Error, StringComparison.Ordinal);

        var created = await user.RunAsync("agents", "create", "travel-bot", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var agentId = created.Json.GetProperty("agent").GetProperty("id").GetString()!;
        Assert.StartsWith("igk_", created.Json.GetProperty("apiKey").GetString(), StringComparison.Ordinal);

        var list = await user.RunAsync("agents", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(["travel-bot"], list.Json.EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        var table = await user.RunAsync("agents", "list");
        Assert.Contains(agentId, table.Out, StringComparison.Ordinal);

        var show = await user.RunAsync("agents", "show", agentId, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Equal(agentId, show.Json.GetProperty("agent").GetProperty("id").GetString());

        var missing = await user.RunAsync("agents", "show", Guid.NewGuid().ToString());
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);

        var logout = await user.RunAsync("logout");
        Assert.Equal(0, logout.ExitCode);
        Assert.False(File.Exists(user.ConfigPath));
        Assert.Equal(ExitCodes.NetworkOrAuth, (await user.RunAsync("agents", "list")).ExitCode);
    }

    [Fact]
    public async Task A_wrong_key_exits_3_with_the_gateways_word_and_is_not_saved()
    {
        var user = User();
        const string wrong = "igk_0123456789abcdef_bm90LWEta2V5LWFueW9uZS1pc3N1ZWQ";

        var login = await user.RunWithInputAsync(wrong, "login", "--url", Platform.GatewayAddress.ToString());
        var command = await user.With("INDIEGENT_URL", Platform.GatewayAddress.ToString()).With("INDIEGENT_API_KEY", wrong)
            .RunAsync("balance", "--json");

        Assert.Equal(ExitCodes.NetworkOrAuth, login.ExitCode);
        Assert.Contains("does not accept this API key", login.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(user.ConfigPath));
        Assert.Equal(ExitCodes.NetworkOrAuth, command.ExitCode);
        Assert.Equal("https://indiegent.dev/problems/invalid-api-key",
            command.ErrorJson.GetProperty("error").GetProperty("problem").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Balance_for_an_agent_is_its_wallet_and_for_an_operator_every_agent_and_the_treasury()
    {
        var (op, agent) = await OperatorAndAgentAsync(fund: 2_500_000);

        var mine = await AgentUser(agent).RunAsync("balance", "--json");
        var all = await OperatorUser(op).RunAsync("balance", "--json");
        var table = await OperatorUser(op).RunAsync("balance");

        Assert.True(mine.ExitCode == 0, mine.ToString());
        Assert.Equal(2_500_000, mine.Json.GetProperty("available").GetInt64());
        Assert.True(all.ExitCode == 0, all.ToString());
        var row = Assert.Single(all.Json.GetProperty("agents").EnumerateArray());
        Assert.Equal((agent.Agent.Id.ToString(), 2_500_000L), (row.GetProperty("agentId").GetString(), row.GetProperty("available").GetInt64()));
        Assert.True(all.Json.GetProperty("treasury").TryGetProperty("address", out _));
        Assert.Contains("2.50", table.Out, StringComparison.Ordinal);
        Assert.Contains("treasury", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fund_shows_the_deposit_address_with_a_qr_code_and_opens_a_card_order()
    {
        var (op, agent) = await OperatorAndAgentAsync(fund: 1_000_000);
        var operatorUser = OperatorUser(op);

        var text = await AgentUser(agent).RunAsync("fund", "--amount", "25.50");
        var json = await operatorUser.RunAsync("fund", "--agent", agent.Agent.Id.ToString(), "--json");
        var card = await operatorUser.RunAsync("fund", "--agent", agent.Agent.Id.ToString(), "--card", "25.00", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains(agent.Agent.WalletAddress, text.Out, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("uint256=25500000", text.Out, StringComparison.Ordinal);
        Assert.Contains("▀", text.Out, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(agent.Agent.WalletAddress, json.Json.GetProperty("address").GetString(), ignoreCase: true);
        Assert.Equal("credited", json.Json.GetProperty("deposits")[0].GetProperty("status").GetString());
        Assert.True(card.ExitCode == 0, card.ToString());
        Assert.StartsWith(Platform.OnrampAddress.ToString(), card.Json.GetProperty("onrampUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_key_works_until_it_is_revoked()
    {
        var (op, agent) = await OperatorAndAgentAsync(fund: 0);
        var operatorUser = OperatorUser(op);

        var created = await operatorUser.RunAsync("keys", "create", agent.Agent.Id.ToString(), "--json");
        var key = created.Json.GetProperty("apiKey").GetString()!;
        var keyUser = User().With("INDIEGENT_URL", Platform.GatewayAddress.ToString()).With("INDIEGENT_API_KEY", key);
        var before = await keyUser.RunAsync("balance", "--json");
        var revoke = await operatorUser.RunAsync("keys", "revoke", created.Json.GetProperty("keyId").GetString()!);
        var keys = await operatorUser.RunAsync("keys", "list", agent.Agent.Id.ToString(), "--json");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(0, before.ExitCode);
        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        Assert.Equal(2, keys.Json.GetArrayLength());
        await Eventually.HoldsAsync(async () => (await keyUser.RunAsync("balance")).ExitCode == ExitCodes.NetworkOrAuth, Ct, TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task An_agent_key_is_told_operator_commands_need_an_operator_key()
    {
        var (_, agent) = await OperatorAndAgentAsync(fund: 0);

        var run = await AgentUser(agent).RunAsync("agents", "list");

        Assert.Equal(ExitCodes.NetworkOrAuth, run.ExitCode);
        Assert.Contains("operator key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Marketplace_search_finds_a_service_and_call_is_charged_or_voided_when_the_provider_fails()
    {
        var provider = await Platform.CreateOperatorAsync("Provider");
        var listing = await Platform.CreateProviderAsync(provider.ApiKey, EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress()).ToLowerHex());
        var upstream = await MarketplaceProvider.StartAsync(Platform.GatewayAddress, listing.Id, Platform.Logs);
        _apis.Add(upstream);
        await Platform.PutServiceAsync(provider.ApiKey, "cli-echo", new
        {
            providerId = listing.Id, name = "CLI echo", category = "testing", description = "Answers what it received.",
            baseUrl = upstream.BaseUrl, price = "20000", failure = new { timeoutSeconds = 2 },
        });
        var (_, agent) = await OperatorAndAgentAsync(fund: 1_000_000);
        var user = AgentUser(agent);

        var search = await user.RunAsync("marketplace", "search", "echo", "--max-price", "0.02", "--json");
        var call = await user.RunAsync("marketplace", "call", "cli-echo", "/echo/hi?x=1", "-X", "POST", "-d", "hello", "--json");
        var text = await user.RunAsync("marketplace", "call", "cli-echo", "/echo/again");
        var failed = await user.RunAsync("marketplace", "call", "cli-echo", "/fail/500");

        Assert.True(search.ExitCode == 0, search.ToString());
        Assert.Contains(search.Json.GetProperty("services").EnumerateArray(), s => s.GetProperty("slug").GetString() == "cli-echo");
        Assert.True(call.ExitCode == 0, call.ToString());
        Assert.Equal((200, "Captured", "20000"), (call.Json.GetProperty("status").GetInt32(), call.Json.GetProperty("chargeStatus").GetString(),
            call.Json.GetProperty("chargedAmount").GetString()));
        Assert.Contains("hello", call.Json.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("/api/echo/again", text.Out, StringComparison.Ordinal);
        Assert.Contains("Captured 0.02 USDC", text.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Other, failed.ExitCode);
        Assert.Contains("nothing was charged", failed.Error, StringComparison.Ordinal);
    }

    private async Task<(PaymentPlatform.OperatorCreated Operator, PaymentPlatform.AgentCreated Agent)> OperatorAndAgentAsync(long fund)
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        if (fund > 0)
            await Platform.FundAsync(agent, fund);
        return (op, agent);
    }

    [Fact]
    public async Task Mcp_serves_the_tools_over_stdio_for_the_logged_in_agent_and_refuses_an_operators_key()
    {
        var (op, agent) = await OperatorAndAgentAsync(fund: 1_250_000);
        var paid = await PaidApiAsync();
        await using (var mcp = await McpClient.CreateAsync(Indiegent("mcp", agent.ApiKey), cancellationToken: Ct))
        {
            var tools = await mcp.ListToolsAsync(cancellationToken: Ct);
            Assert.Contains(tools, t => t.Name == "fetch_paid");
            var balance = await mcp.CallToolAsync("get_balance", cancellationToken: Ct);
            Assert.True(balance.IsError is not true);
            var text = Assert.IsType<TextContentBlock>(Assert.Single(balance.Content)).Text;
            Assert.Equal("1.25", JsonDocument.Parse(text).RootElement.GetProperty("available").GetProperty("usdc").GetString());

            // The user's own machine: a paid API on it is reachable, and paid.
            var fetched = await mcp.CallToolAsync("fetch_paid", new Dictionary<string, object?> { ["url"] = new Uri(paid, "/search").ToString(), ["max_usdc"] = 1 },
                cancellationToken: Ct);
            var answer = JsonDocument.Parse(Assert.IsType<TextContentBlock>(Assert.Single(fetched.Content)).Text).RootElement;
            Assert.True(fetched.IsError is not true, answer.ToString());
            Assert.Equal("results", answer.GetProperty("body").GetString());
        }

        // An operator's key is no agent: the server does not start.
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var refused = await McpClient.CreateAsync(Indiegent("mcp", op.ApiKey), cancellationToken: Ct);
        });
    }

    /// <summary>The built CLI as an assistant starts it: <c>dotnet indiegent.dll …</c>, logged in through the environment.</summary>
    private StdioClientTransport Indiegent(string command, string apiKey) => new(new StdioClientTransportOptions
    {
        Command = "dotnet",
        Arguments = [typeof(IndieGentCli).Assembly.Location, command],
        Name = "indiegent",
        EnvironmentVariables = new Dictionary<string, string?>
        {
            ["INDIEGENT_URL"] = Platform.GatewayAddress.ToString(), ["INDIEGENT_API_KEY"] = apiKey,
            ["INDIEGENT_CONFIG"] = Path.Combine(Path.GetTempPath(), $"indiegent-mcp-{Guid.NewGuid():N}.json"),
        },
        ShutdownTimeout = TimeSpan.FromSeconds(10),
    });

    private async Task<Uri> PaidApiAsync()
    {
        var app = await PaidApis.StartAsync(Platform, Price, EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress()));
        _apis.Add(app);
        return app.Url();
    }

    private CliUser User()
    {
        var user = new CliUser();
        _users.Add(user);
        return user;
    }

    private CliUser OperatorUser(PaymentPlatform.OperatorCreated op) =>
        User().With("INDIEGENT_URL", Platform.GatewayAddress.ToString()).With("INDIEGENT_API_KEY", op.ApiKey);

    private CliUser AgentUser(PaymentPlatform.AgentCreated agent) =>
        User().With("INDIEGENT_URL", Platform.GatewayAddress.ToString()).With("INDIEGENT_API_KEY", agent.ApiKey);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            foreach (var line in Platform.Logs.Lines.Where(l => l.Contains(" Warning: ", StringComparison.Ordinal) || l.Contains(" Error: ", StringComparison.Ordinal)).TakeLast(100))
                TestContext.Current.TestOutputHelper?.WriteLine(line);
        }

        foreach (var api in _apis)
            await api.DisposeAsync();
        foreach (var user in _users)
            user.Dispose();
    }
}
