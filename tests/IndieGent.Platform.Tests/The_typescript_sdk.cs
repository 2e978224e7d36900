using System.Globalization;
using System.Text.RegularExpressions;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using Microsoft.AspNetCore.Builder;
using Nethereum.Signer;

namespace IndieGent.Platform.Tests;

/// <summary>
/// <c>@indiegent/sdk</c> (sdk/js) against the real platform: each scenario's Node test file
/// (<c>sdk/js/test/platform</c>, Node's test runner, the built package as users get it) runs with a
/// platform, an agent set up for it and the paid servers it calls; every Node test must pass.
/// </summary>
public sealed partial class The_typescript_sdk(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private const long Price = 150_000;

    private static string SdkDirectory => Path.Combine(RepositoryPaths.Root, "sdk", "js");

    [Fact]
    public async Task Keeps_its_own_rules_without_a_platform() => await RunNodeTestsAsync("test/sdk.test.mjs", new Dictionary<string, string>());

    [Fact]
    public async Task Pays_our_middleware_as_the_docs_show_it() => await RunScenarioAsync("pays-our-middleware", policy: null);

    [Fact]
    public async Task Reports_a_policy_refusal_as_a_typed_error() => await RunScenarioAsync("is-refused-by-policy", new { maxPerPayment = Price - 1 });

    [Fact]
    public async Task Waits_while_the_operator_decides() => await RunScenarioAsync("waits-for-approval", new { approvalThreshold = Price - 1 });

    [Fact]
    public async Task Returns_a_second_402_as_it_is() => await RunScenarioAsync("returns-a-second-402", policy: null);

    [Fact]
    public async Task Runs_the_docs_snippet_as_written()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey, "docs-agent");
        await Platform.FundAsync(agent, 1_000_000);
        await using WebApplication api = await PaidApis.StartAsync(Platform, Price, NewAddress());
        var sample = Path.Combine(RepositoryPaths.Root, "samples", "ts-agent");
        if (!File.Exists(Path.Combine(sample, "node_modules", "@indiegent", "sdk", "package.json")))
            throw new PrerequisiteMissingException("the TypeScript sample's link to sdk/js (run ./eng/prereqs.sh)");

        var (exitCode, output) = await RunNodeAsync(sample, ["index.mjs"], new Dictionary<string, string>
        {
            ["INDIEGENT_API_KEY"] = agent.ApiKey,
            ["INDIEGENT_URL"] = Platform.GatewayAddress.ToString().TrimEnd('/'),
            ["PAID_API_URL"] = new Uri(api.Url(), "/search").ToString(),
        });

        Assert.True(exitCode == 0, output);
        Assert.StartsWith("200 results", output, StringComparison.Ordinal);
        Assert.Contains($"paid {Price} base units", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finds_and_calls_a_marketplace_service()
    {
        var providerKey = (await Platform.CreateOperatorAsync("Provider")).ApiKey;
        var provider = await Platform.CreateProviderAsync(providerKey, NewAddress().ToLowerHex());
        await using var upstream = await MarketplaceProvider.StartAsync(Platform.GatewayAddress, provider.Id, Platform.Logs);
        await Platform.PutServiceAsync(providerKey, "ts-weather", new
        {
            providerId = provider.Id, name = "TS Weather", category = "weather", description = "Answers what it was asked, about the weather.",
            baseUrl = upstream.BaseUrl, price = "25000",
        });
        await RunScenarioAsync("uses-the-marketplace", policy: null, new Dictionary<string, string>
        {
            ["MARKETPLACE_SLUG"] = "ts-weather",
            ["MARKETPLACE_PRICE"] = "25000",
        });
    }

    [Fact]
    public async Task Pays_an_mppx_server()
    {
        const long mppxPrice = 40_000;
        var server = await Anvil.CreateFundedAccountAsync(Ct);
        await using var mppx = await NodePeer.StartServerAsync("mppx-server.mjs", new Dictionary<string, string>
        {
            ["RPC_URL"] = Anvil.RpcUrl,
            ["CHAIN_ID"] = Anvil.ChainId.ToString(CultureInfo.InvariantCulture),
            ["TOKEN"] = Platform.Token.Address.ToChecksumHex(),
            ["PRICE"] = mppxPrice.ToString(CultureInfo.InvariantCulture),
            ["RECIPIENT"] = NewAddress().ToChecksumHex(),
            ["SERVER_PRIVATE_KEY"] = server.PrivateKey,
            ["MPP_SECRET"] = "typescript-sdk-secret-of-at-least-thirty-two-bytes",
            ["PORT"] = "0",
        }, Ct);
        await RunScenarioAsync("pays-an-mppx-server", policy: null, new Dictionary<string, string>
        {
            ["MPPX_URL"] = mppx.Url.ToString().TrimEnd('/'),
            ["MPPX_PRICE"] = mppxPrice.ToString(CultureInfo.InvariantCulture),
        });
    }

    [Fact]
    public async Task Pays_an_x402_server()
    {
        const long x402Price = 35_000;
        var facilitator = await Anvil.CreateFundedAccountAsync(Ct);
        await using var x402 = await NodePeer.StartServerAsync("x402-server.mjs", new Dictionary<string, string>
        {
            ["RPC_URL"] = Anvil.RpcUrl,
            ["CHAIN_ID"] = Anvil.ChainId.ToString(CultureInfo.InvariantCulture),
            ["TOKEN"] = Platform.Token.Address.ToChecksumHex(),
            ["PRICE"] = x402Price.ToString(CultureInfo.InvariantCulture),
            ["RECIPIENT"] = NewAddress().ToChecksumHex(),
            ["FACILITATOR_PRIVATE_KEY"] = facilitator.PrivateKey,
            ["PORT"] = "0",
        }, Ct);
        await RunScenarioAsync("pays-an-x402-server", policy: null, new Dictionary<string, string>
        {
            ["X402_URL"] = x402.Url.ToString().TrimEnd('/'),
            ["X402_PRICE"] = x402Price.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>A new operator and agent (funded, with <paramref name="policy"/>), our paid API, and the scenario's Node tests.</summary>
    private async Task RunScenarioAsync(string scenario, object? policy, IReadOnlyDictionary<string, string>? extra = null)
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey, "ts-agent");
        await Platform.FundAsync(agent, 5_000_000);
        if (policy is not null)
            await Platform.SetPolicyAsync(op.ApiKey, agent.Agent.Id, policy);
        await using WebApplication api = await PaidApis.StartAsync(Platform, Price, NewAddress());
        var environment = new Dictionary<string, string>
        {
            ["INDIEGENT_URL"] = Platform.GatewayAddress.ToString().TrimEnd('/'),
            ["INDIEGENT_API_KEY"] = agent.ApiKey,
            ["INDIEGENT_OPERATOR_KEY"] = op.ApiKey,
            ["PAID_URL"] = api.Url().ToString().TrimEnd('/'),
            ["PRICE"] = Price.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            environment[key] = value;
        await RunNodeTestsAsync($"test/platform/{scenario}.test.mjs", environment);
    }

    /// <summary>Runs Node's test runner on <paramref name="file"/> (relative to sdk/js) and requires every test in it to pass.</summary>
    private static async Task RunNodeTestsAsync(string file, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(Path.Combine(SdkDirectory, "dist", "index.js")))
            throw new PrerequisiteMissingException("the built TypeScript SDK (eng/test.sh builds it: cd sdk/js && npm ci && npm run build)");
        var (exitCode, report) = await RunNodeAsync(SdkDirectory, ["--test", "--test-reporter=tap", file], environment);
        int Count(string name) => Summary(name).Match(report) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
        Assert.True(exitCode == 0 && Count("fail") == 0 && Count("cancelled") == 0 && Count("skipped") == 0 && Count("pass") > 0,
            $"node --test {file} exited {exitCode}:\n{report}");
    }

    /// <summary>Runs Node in <paramref name="directory"/> to completion (at most 3 minutes): its exit code, and its output then its errors.</summary>
    private static async Task<(int ExitCode, string Output)> RunNodeAsync(string directory, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment)
    {
        var (exitCode, report) = await ChildProcess.RunAsync("node", arguments, directory, environment, TimeSpan.FromMinutes(3), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        return (exitCode, report);
    }

    private static Regex Summary(string name) => new($@"^# {name} (\d+)$", RegexOptions.Multiline);

    private static EvmAddress NewAddress() => EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
}
