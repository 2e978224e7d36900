using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IndieGent.Testing;
using IndieGent.Wallet.Api.Apis;
using IndieGent.Wallet.Policies;
using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Wallet.Tests;

public sealed class Spending_policies(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly WalletHost _host = new(postgres);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _host.InitializeAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static object ValidPolicy(long max = 1_000_000) => new
    {
        maxPerPayment = max,
        dailyBudget = 5_000_000,
        monthlyBudget = 50_000_000,
        allowedRecipients = new[] { "0x70997970c51812dc3a010c7d01b50e0d17dc79c8" },
        deniedRecipients = Array.Empty<string>(),
        allowedHosts = new[] { "API.Example.com" },
        deniedHosts = new[] { "evil.example.net" },
        approvalThreshold = 500_000,
    };

    [Fact]
    public async Task Refuses_an_invalid_policy_with_a_400_naming_each_field()
    {
        var (client, agentId) = await AgentAsync();
        using var response = await client.PutAsJsonAsync($"/v1/agents/{agentId}/policy", new
        {
            maxPerPayment = -1,
            dailyBudget = 10,
            monthlyBudget = 5,
            allowedRecipients = new[] { "0x1234", "0x0000000000000000000000000000000000000000" },
            allowedHosts = new[] { "https://api.example.com/pay" },
            deniedHosts = new[] { "ok.example.com" },
            approvalThreshold = -5,
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("https://indiegent.dev/problems/validation-failed", problem.RootElement.GetProperty("type").GetString());
        var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["allowedHosts", "allowedRecipients", "approvalThreshold", "dailyBudget", "maxPerPayment"], fields);
    }

    [Fact]
    public async Task Stores_a_normalised_policy_and_guards_it_with_etags()
    {
        var (client, agentId) = await AgentAsync();
        var path = $"/v1/agents/{agentId}/policy";

        using var initial = await client.GetAsync(path, Ct);
        Assert.Equal("\"0\"", initial.Headers.ETag?.Tag);

        using var first = await client.PutAsJsonAsync(path, ValidPolicy(), Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"1\"", first.Headers.ETag?.Tag);
        var view = await first.Content.ReadFromJsonAsync<PoliciesApi.PolicyView>(Ct);
        Assert.Equal(["api.example.com"], view!.Policy.AllowedHosts!);
        Assert.Equal(["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"], view.Policy.AllowedRecipients!);

        using var withoutPrecondition = await client.PutAsJsonAsync(path, ValidPolicy(2), Ct);
        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutPrecondition.StatusCode);

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync(client, path, "\"0\"", ValidPolicy(3))).StatusCode);

        using var second = await PutAsync(client, path, "\"1\"", ValidPolicy(4));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("\"2\"", second.Headers.ETag?.Tag);

        // A second editor still holding version 1 loses, with a problem saying why.
        using var stale = await PutAsync(client, path, "\"1\"", ValidPolicy(5));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("https://indiegent.dev/problems/policy-version-conflict", await stale.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var current = await client.GetFromJsonAsync<PoliciesApi.PolicyView>(path, Ct);
        Assert.Equal(4, current!.Policy.MaxPerPayment);
        Assert.Equal(2, current.Version);
    }

    [Fact]
    public async Task Two_writers_that_read_the_same_version_cannot_both_commit()
    {
        var (client, agentId) = await AgentAsync();
        (await client.PutAsJsonAsync($"/v1/agents/{agentId}/policy", ValidPolicy(), Ct)).EnsureSuccessStatusCode();

        // The race the If-Match check alone cannot see: both requests passed it before either saved.
        var store = _host.Factory.Services.GetRequiredService<IDocumentStore>();
        await using var first = store.LightweightSession();
        await using var second = store.LightweightSession();
        var seenByFirst = (await first.LoadAsync<AgentPolicy>(agentId, Ct))!;
        var seenBySecond = (await second.LoadAsync<AgentPolicy>(agentId, Ct))!;
        first.Store(seenByFirst with { Version = 2 });
        await first.SaveChangesAsync(Ct);
        second.Store(seenBySecond with { Version = 2 });
        await Assert.ThrowsAsync<ConcurrencyException>(() => second.SaveChangesAsync(Ct));
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string path, string etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return await client.SendAsync(request, Ct);
    }

    private async Task<(HttpClient Client, Guid AgentId)> AgentAsync()
    {
        var op = await _host.CreateOperatorAsync();
        var agent = await _host.CreateAgentAsync(op.Id);
        return (_host.Operator(op.Id), agent.Agent.Id);
    }
}
