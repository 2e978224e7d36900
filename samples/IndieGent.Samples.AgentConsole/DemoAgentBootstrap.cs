using System.Net.Http.Headers;
using System.Net.Http.Json;
using IndieGent.Chain;
using Microsoft.Extensions.Options;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace IndieGent.Samples.AgentConsole;

/// <summary>
/// Development only: creates an agent through the gateway (as an operator would) under the given operator
/// (<c>Agent:OperatorApiKey</c>; the AppHost passes its demo operator's) or, without one, under an operator
/// it creates with the admin key; mints 25 USDC to the agent's wallet on the local chain with the token
/// owner's key, and waits until the ledger credited the deposit. Returns the agent's API key.
/// </summary>
public sealed partial class DemoAgentBootstrap(IOptions<AgentSettings> options, ILogger<DemoAgentBootstrap> logger)
{
    private const long Funding = 25_000_000;

    public async Task<string> CreateAgentAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (settings.OperatorApiKey is not { Length: > 0 } && settings.AdminApiKey is not { Length: > 0 } ||
            settings.TokenOwnerKey is not { Length: > 0 } owner || settings.RpcUrl is null || settings.TokenAddress is null)
            throw new InvalidOperationException(
                "Set Agent:ApiKey, or (development) Agent:OperatorApiKey or Agent:AdminApiKey, and Agent:TokenOwnerKey, Agent:RpcUrl and Agent:TokenAddress to create a demo agent.");

        using var http = new HttpClient { BaseAddress = settings.Gateway };
        var operatorKey = settings.OperatorApiKey is { Length: > 0 } given
            ? given
            : (await PostAsync<OperatorCreated>(http, settings.AdminApiKey!, "/v1/operators", new { name = "demo-operator" }, ct)).ApiKey;
        var agent = await PostAsync<AgentCreated>(http, operatorKey, "/v1/agents", new { name = "forecast-agent" }, ct);
        LogCreated(agent.Agent.Id, agent.Agent.WalletAddress);

        var token = new TokenClient(new Web3(new Account(owner), settings.RpcUrl.ToString()), EvmAddress.Parse(settings.TokenAddress));
        await token.MintAsync(EvmAddress.Parse(agent.Agent.WalletAddress), Funding, ct);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/wallet");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agent.ApiKey);
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<WalletView>(ct))!.Available >= Funding)
                break;
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        LogFunded(agent.Agent.Id, Funding / 1_000_000m);
        return agent.ApiKey;
    }

    // While the platform is still starting, the gateway may answer 502/503/504 (a service behind it not
    // reachable yet, API keys not verifiable yet) or 429: those are asked again; anything else is an answer.
    private async Task<T> PostAsync<T>(HttpClient http, string key, string path, object body, CancellationToken ct)
    {
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
                return (await response.Content.ReadFromJsonAsync<T>(ct))!;
            if ((int)response.StatusCode is not (429 or 502 or 503 or 504))
                throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            LogNotReady(path, (int)response.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
    }

    private sealed record OperatorCreated(Guid Id, string ApiKey);

    private sealed record AgentView(Guid Id, string WalletAddress);

    private sealed record AgentCreated(AgentView Agent, string ApiKey);

    private sealed record WalletView(long Available);

    [LoggerMessage(Level = LogLevel.Information, Message = "POST {Path} answered {Status} while the platform starts; asking again")]
    private partial void LogNotReady(string path, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created demo agent {AgentId} with wallet {WalletAddress}")]
    private partial void LogCreated(Guid agentId, string walletAddress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo agent {AgentId} funded with {Usdc} USDC")]
    private partial void LogFunded(Guid agentId, decimal usdc);
}
