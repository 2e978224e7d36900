using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using IndieGent.Chain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace IndieGent.AppHost.Infrastructure;

/// <summary>
/// Development only: the docs' TypeScript snippet (<c>samples/ts-agent</c>), run as written with Node once
/// the platform is up: <c>@indiegent/sdk</c> is built first (<c>npm run build</c> in <c>sdk/js</c>), and the
/// sample runs as a "docs-agent" of the demo operator, funded on the local chain, calling the sample paid API.
/// </summary>
public static class TypeScriptSample
{
    private static readonly BigInteger Funding = 5 * BigInteger.Pow(10, 6);

    /// <summary>Adds the build and the sample, or nothing (with a note) when <c>eng/prereqs.sh</c> has not installed their npm parts.</summary>
    public static void AddTypeScriptSample(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> gateway,
        IResourceBuilder<ProjectResource> paidApi, DemoOperator demo, PlatformInfrastructure infrastructure)
    {
        var root = RepositoryLayout.From(builder.AppHostDirectory, builder.Configuration).Root;
        var sdk = Path.Combine(root, "sdk", "js");
        var sample = Path.Combine(root, "samples", "ts-agent");
        if (!File.Exists(Path.Combine(sdk, "node_modules", ".bin", "tsc")) || !File.Exists(Path.Combine(sample, "node_modules", "@indiegent", "sdk", "package.json")))
        {
            Console.Error.WriteLine("The TypeScript sample is left out: run ./eng/prereqs.sh (it installs sdk/js's compiler and links the sample).");
            return;
        }

        var build = builder.AddExecutable("ts-sdk-build", "npm", sdk, "run", "build");
        var gatewayUrl = gateway.GetEndpoint("http");
        builder.AddExecutable("ts-agent", "node", sample, "index.mjs")
            .WithEnvironment("INDIEGENT_URL", gatewayUrl)
            .WithEnvironment(context => context.EnvironmentVariables["PAID_API_URL"] =
                ReferenceExpression.Create($"{paidApi.GetEndpoint("http")}/v1/forecast?city=Lisbon"))
            .WithEnvironment(async context =>
            {
                if (context.ExecutionContext.IsPublishMode)
                    return;
                if (await demo.ApiKeyAsync(context.CancellationToken) is not { } operatorKey)
                    throw new InvalidOperationException("The demo operator could not be created, so the TypeScript sample has no agent.");
                context.EnvironmentVariables["INDIEGENT_API_KEY"] = await FundedAgentAsync(new Uri(gatewayUrl.Url), operatorKey,
                    new Uri(infrastructure.Chain.Resource.RpcUrl), infrastructure.ChainSetup.Token, context.Logger, context.CancellationToken);
            })
            .WaitFor(gateway)
            .WaitFor(paidApi)
            .WaitForCompletion(build);
    }

    /// <summary>
    /// Creates the demo operator's "docs-agent", mints it USDC on the local chain and waits until the ledger credited it, saying
    /// each step in the sample's log (a start that fails shows where it stopped). The bounds are generous: on two cores the whole
    /// platform is still warming up while this runs.
    /// </summary>
    private static async Task<string> FundedAgentAsync(Uri gateway, string operatorKey, Uri rpc, EvmAddress token, ILogger logger, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/agents") { Content = JsonContent.Create(new { name = "docs-agent" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        using var created = await http.SendAsync(create, ct);
        if (!created.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /v1/agents answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(ct)}");
        var agent = (await created.Content.ReadFromJsonAsync<AgentCreated>(ct))!;
        logger.LogInformation("Created agent {AgentId} (wallet {Wallet}); minting {Funding} USDC base units to it", agent.Agent.Id,
            agent.Agent.WalletAddress, Funding);

        var tokenClient = new TokenClient(new Web3(new Account(DevChainSetup.TokenOwnerKey), rpc.ToString()), token);
        var minted = await tokenClient.MintAsync(EvmAddress.Parse(agent.Agent.WalletAddress), Funding, ct);
        logger.LogInformation("Minted in block {Block} ({TxHash}); waiting for the ledger to credit the deposit", minted.BlockNumber.Value,
            minted.TransactionHash);
        var bound = TimeSpan.FromMinutes(3);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        string last = "no answer yet";
        while (waited.Elapsed < bound)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/wallet");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agent.ApiKey);
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            last = $"{(int)response.StatusCode} {body}";
            if (response.IsSuccessStatusCode && JsonSerializer.Deserialize<Wallet>(body, JsonSerializerOptions.Web)!.Available >= (long)Funding)
            {
                logger.LogInformation("The deposit was credited after {Seconds:0.0} s", waited.Elapsed.TotalSeconds);
                return agent.ApiKey;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        throw new TimeoutException($"The ledger did not credit the docs-agent's deposit within {bound.TotalMinutes} minutes; GET /v1/wallet last answered {last}.");
    }

    private sealed record AgentCreated(AgentView Agent, string ApiKey);

    private sealed record AgentView(Guid Id, string WalletAddress);

    private sealed record Wallet(long Available);
}
