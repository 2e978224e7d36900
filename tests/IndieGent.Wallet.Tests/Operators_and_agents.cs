using IndieGent.Contracts.ApiKeys;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using IndieGent.Contracts.Agents;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Wallet.Api.Apis;
using IndieGent.Wallet.ApiKeys;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IndieGent.Wallet.Tests;

public sealed class Operators_and_agents(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly WalletHost _host = new(postgres);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _host.InitializeAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task An_operator_key_is_shown_once_and_only_its_hash_is_stored()
    {
        var created = await _host.CreateOperatorAsync();
        Assert.True(ApiKeyShape.TryParse(created.ApiKey, out var keyId, out var secret));
        Assert.Equal(created.KeyId, keyId);

        var stored = await RawDocumentAsync("mt_doc_apikey", keyId);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(created.ApiKey, stored, StringComparison.Ordinal);
        var expectedHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        Assert.Contains(expectedHash, stored, StringComparison.Ordinal);

        using var gateway = _host.Gateway();
        var verified = await gateway.PostAsJsonAsync("/internal/api-keys/verify", new { apiKey = created.ApiKey }, Ct);
        var identity = await verified.Content.ReadFromJsonAsync<InternalApi.VerifiedApiKey>(Ct);
        Assert.Equal(new InternalApi.VerifiedApiKey("operator", created.Id, null, keyId), identity);
    }

    [Fact]
    public async Task Creating_an_agent_gives_it_a_wallet_and_a_key_and_announces_it()
    {
        var op = await _host.CreateOperatorAsync();
        var created = await _host.CreateAgentAsync(op.Id, "research-bot");

        Assert.True(EvmAddress.TryParse(created.Agent.WalletAddress, out var address) && !address.IsZero);
        Assert.Equal(op.Id, created.Agent.OperatorId);
        Assert.StartsWith("igk_", created.ApiKey, StringComparison.Ordinal);

        using var gateway = _host.Gateway();
        var verified = await (await gateway.PostAsJsonAsync("/internal/api-keys/verify", new { apiKey = created.ApiKey }, Ct))
            .Content.ReadFromJsonAsync<InternalApi.VerifiedApiKey>(Ct);
        Assert.Equal(new InternalApi.VerifiedApiKey("agent", op.Id, created.Agent.Id, created.KeyId), verified);

        var harness = _host.Factory.Services.GetRequiredService<ITestHarness>();
        Assert.True(await harness.Published.Any<AgentCreated>(m =>
            m.Context.Message.AgentId == created.Agent.Id && m.Context.Message.WalletAddress == created.Agent.WalletAddress, Ct));

        using var agentClient = _host.Agent(op.Id, created.Agent.Id);
        var wallet = await agentClient.GetFromJsonAsync<WalletInfoApi.WalletView>("/v1/wallet", Ct);
        Assert.Equal(new WalletInfoApi.WalletView(created.Agent.Id, created.Agent.WalletAddress, false), wallet);
    }

    [Fact]
    public async Task An_agent_key_cannot_reach_operator_or_admin_endpoints()
    {
        var op = await _host.CreateOperatorAsync();
        var agent = await _host.CreateAgentAsync(op.Id);
        using var client = _host.Agent(op.Id, agent.Agent.Id);
        var id = agent.Agent.Id;

        HttpRequestMessage[] requests =
        [
            new(HttpMethod.Get, "/v1/agents"),
            new(HttpMethod.Post, "/v1/agents") { Content = JsonContent.Create(new { name = "evil" }) },
            new(HttpMethod.Get, $"/v1/agents/{id}"),
            new(HttpMethod.Post, $"/v1/agents/{id}/keys"),
            new(HttpMethod.Post, $"/v1/agents/{id}/disable"),
            new(HttpMethod.Put, $"/v1/agents/{id}/policy") { Content = JsonContent.Create(new { maxPerPayment = 1 }) },
            new(HttpMethod.Delete, $"/v1/keys/{agent.KeyId}"),
            new(HttpMethod.Post, "/v1/operators") { Content = JsonContent.Create(new { name = "evil" }) },
            new(HttpMethod.Post, "/internal/api-keys/verify") { Content = JsonContent.Create(new { apiKey = agent.ApiKey }) },
        ];
        foreach (var request in requests)
        {
            using var response = await client.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{request.Method} {request.RequestUri} answered {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task An_operator_sees_only_its_own_agents()
    {
        var a = await _host.CreateOperatorAsync("A");
        var b = await _host.CreateOperatorAsync("B");
        var agentOfA = await _host.CreateAgentAsync(a.Id, "a-bot");
        await _host.CreateAgentAsync(b.Id, "b-bot");

        using var clientB = _host.Operator(b.Id);
        var list = await clientB.GetFromJsonAsync<List<AgentView>>("/v1/agents", Ct);
        Assert.Equal(["b-bot"], list!.Select(x => x.Name));

        var id = agentOfA.Agent.Id;
        foreach (var (method, path) in new[] { (HttpMethod.Get, $"/v1/agents/{id}"), (HttpMethod.Post, $"/v1/agents/{id}/disable"),
                     (HttpMethod.Post, $"/v1/agents/{id}/keys"), (HttpMethod.Get, $"/v1/agents/{id}/policy"), (HttpMethod.Delete, $"/v1/keys/{agentOfA.KeyId}") })
        {
            using var response = await clientB.SendAsync(new HttpRequestMessage(method, path), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path} answered {response.StatusCode}");
        }

        using var clientA = _host.Operator(a.Id);
        Assert.Equal("a-bot", (await clientA.GetFromJsonAsync<AgentView>($"/v1/agents/{id}", Ct))!.Name);
    }

    [Fact]
    public async Task Revoked_keys_wrong_secrets_and_disabled_agents_fail_verification()
    {
        var op = await _host.CreateOperatorAsync();
        var agent = await _host.CreateAgentAsync(op.Id);
        using var operatorClient = _host.Operator(op.Id);
        var second = await (await operatorClient.PostAsync($"/v1/agents/{agent.Agent.Id}/keys", null, Ct))
            .Content.ReadFromJsonAsync<AgentsApi.KeyCreated>(Ct);
        using var gateway = _host.Gateway();

        Assert.Equal(HttpStatusCode.OK, await VerifyAsync(gateway, second!.ApiKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await VerifyAsync(gateway, second.ApiKey[..^2] + "AA"));
        Assert.Equal(HttpStatusCode.Unauthorized, await VerifyAsync(gateway, "igk_nonsense"));

        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync($"/v1/keys/{second.KeyId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await VerifyAsync(gateway, second.ApiKey));
        Assert.Equal(HttpStatusCode.OK, await VerifyAsync(gateway, agent.ApiKey));

        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PostAsync($"/v1/agents/{agent.Agent.Id}/disable", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await VerifyAsync(gateway, agent.ApiKey));
        Assert.Equal(HttpStatusCode.OK, await VerifyAsync(gateway, op.ApiKey));
    }

    [Fact]
    public async Task Rejects_an_agent_without_a_name_with_field_errors()
    {
        var op = await _host.CreateOperatorAsync();
        using var client = _host.Operator(op.Id);
        using var response = await client.PostAsJsonAsync("/v1/agents", new { name = "" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"name\"", body, StringComparison.Ordinal);
        Assert.Contains("https://indiegent.dev/problems/validation-failed", body, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> VerifyAsync(HttpClient gateway, string key)
    {
        using var response = await gateway.PostAsJsonAsync("/internal/api-keys/verify", new { apiKey = key }, Ct);
        return response.StatusCode;
    }

    private async Task<string> RawDocumentAsync(string table, string id)
    {
        await using var connection = new NpgsqlConnection(_host.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand($"select data::text from wallet.{table} where id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }
}
