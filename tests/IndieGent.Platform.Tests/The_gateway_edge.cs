using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Numerics;
using System.Text;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using EvmCredentialTypes = IndieGent.Payments.Protocol.Evm.EvmCredentialTypes;

namespace IndieGent.Platform.Tests;

/// <summary>
/// What the Gateway does with requests it cannot or should not serve: unreadable or oversized
/// bodies, junk challenges, text that is no API key, a Wallet that hangs, and more waiting
/// requests than one agent should hold. (The platform's hosts run in the Development environment.)
/// </summary>
public sealed class The_gateway_edge(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Gateway:ApiKeyVerificationTimeout"] = "00:00:01",
        ["Gateway:MaxWaitingPaymentsPerAgent"] = "1",
    };

    [Fact]
    public async Task Unreadable_wrong_shaped_and_oversized_requests_are_4xx_problems_not_500()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        using var client = Platform.Client(agent.ApiKey);

        await ExpectProblemAsync(await PostAsync(client, "/v1/payments", "{\"url\": \"https://x.test\", "), 400, "invalid-json");
        await ExpectProblemAsync(await PostAsync(client, "/v1/payments", "{\"url\": 5}"), 400, "invalid-json");
        await ExpectProblemAsync(await PostAsync(client, "/v1/payments", "[1, 2]"), 400, "invalid-json");
        var junk = "{\"url\":\"https://x.test\",\"wwwAuthenticate\":[\"" + new string('a', 10 * 1024 * 1024) + "\"]}";
        // (Expect: 100-continue lets the client hear the refusal instead of a reset mid-upload.)
        await ExpectProblemAsync(await PostAsync(client, "/v1/payments", junk, expectContinue: true), 413, "request-too-large");

        var many = Enumerable.Repeat("Payment id=\"x\", realm=\"r\", method=\"evm\", intent=\"charge\", request=\"e30\"", 100).ToArray();
        using (var tooMany = await PostAsync(client, "/v1/payments", System.Text.Json.JsonSerializer.Serialize(new { url = "https://x.test", wwwAuthenticate = many })))
            await ExpectProblemAsync(tooMany, 400, "too-many-challenges");

        // The same holds behind the Gateway: the Wallet reads an operator's malformed body.
        using var operatorClient = Platform.Client(op.ApiKey);
        await ExpectProblemAsync(await PostAsync(operatorClient, "/v1/agents", "{\"name\": "), 400, "invalid-json");
        await ExpectProblemAsync(await PostAsync(operatorClient, "/v1/agents", "{\"name\": {\"nested\": 1}}"), 400, "invalid-json");
    }

    [Fact]
    public async Task Text_that_is_no_api_key_is_refused_without_asking_the_wallet()
    {
        await Platform.StopAsync("wallet");

        using var malformed = Platform.Client("not-an-indiegent-key");
        await ExpectProblemAsync(await malformed.GetAsync("/v1/wallet", Ct), 401, "invalid-api-key");
        using var longJunk = Platform.Client("igk_" + new string('z', 100));
        await ExpectProblemAsync(await longJunk.GetAsync("/v1/wallet", Ct), 401, "invalid-api-key");

        // A well-formed key needs the Wallet's word, and the Wallet is away: try again later.
        using var wellFormed = Platform.Client("igk_0123456789abcdef_" + Convert.ToBase64String(new byte[32]).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        await ExpectProblemAsync(await wellFormed.GetAsync("/v1/wallet", Ct), 503, "service-unavailable");
    }

    [Fact]
    public async Task A_wallet_that_does_not_answer_a_key_check_is_a_503_problem()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        Platform.WalletLink.Stall();
        try
        {
            // A key the Gateway has not seen yet (the operator's is cached): the Wallet must be asked.
            using var client = Platform.Client("igk_fedcba9876543210_" + new string('A', 43));
            using var response = await client.GetAsync("/v1/wallet", Ct);
            await ExpectProblemAsync(response, 503, "service-unavailable");
        }
        finally
        {
            Platform.WalletLink.Up();
        }

        using var agentClient = Platform.Client(agent.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await agentClient.GetAsync("/v1/wallet", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_agent_holds_at_most_the_allowed_number_of_waiting_requests_the_rest_are_answered_202_at_once()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        await Anvil.SetBalanceAsync(agent.Agent.WalletAddress, BigInteger.Pow(10, 17), Ct);
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
        string HashChallenge() => merchant.Challenge(10_000, credentialTypes: [EvmCredentialTypes.Hash]);

        // With the chain not mining, a hash payment waits for its confirmation.
        await Platform.SetAutomineAsync(false);
        try
        {
            var first = Platform.PayAsync(agent.ApiKey, merchant.Url, HashChallenge(), "wait-1", waitSeconds: 60);
            var second = Platform.PayAsync(agent.ApiKey, merchant.Url, HashChallenge(), "wait-2", waitSeconds: 60);
            var early = await Task.WhenAny(first, second);
            var late = early == first ? second : first;
            using (var answered = await early)
            {
                Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
                Assert.NotNull(answered.Headers.RetryAfter);
            }

            // The other one was still waiting: the transfer's confirmation reaches it.
            await Platform.SetAutomineAsync(true);
            await Platform.MineAsync(2);
            using var waited = await late;
            Assert.True(waited.StatusCode == HttpStatusCode.OK, await waited.Content.ReadAsStringAsync(Ct));
        }
        finally
        {
            await Platform.SetAutomineAsync(true);
        }

        // The place is free again.
        using var third = await Platform.PayAsync(agent.ApiKey, merchant.Url, HashChallenge(), "wait-3", waitSeconds: 60);
        Assert.True(third.StatusCode == HttpStatusCode.OK, await third.Content.ReadAsStringAsync(Ct));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json, bool expectContinue = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = expectContinue;
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return client.SendAsync(request, Ct);
    }

    internal static async Task ExpectProblemAsync(HttpResponseMessage response, int status, string type)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = System.Text.Json.JsonSerializer.Deserialize<PaymentPlatform.Problem>(body, System.Text.Json.JsonSerializerOptions.Web)!;
            Assert.Equal("https://indiegent.dev/problems/" + type, problem.Type);
            Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        }
    }
}

/// <summary>The Gateway's rate limits: per client address before authentication, per API key after.</summary>
public sealed class Rate_limits(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Gateway:TrustedProxies:0"] = "127.0.0.1/32",
        ["Gateway:RateLimits:PerIp:Burst"] = "30",
        ["Gateway:RateLimits:PerIp:PerSecond"] = "10",
        ["Gateway:RateLimits:PerKey:Burst"] = "10",
        ["Gateway:RateLimits:PerKey:PerSecond"] = "1",
    };

    [Fact]
    public async Task A_flood_from_one_address_is_turned_away_with_429_while_other_addresses_are_served()
    {
        using var client = Platform.Client("igk_0123456789abcdef_" + new string('A', 43));
        var flood = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => GetAsync(client, "/v1/wallet", "203.0.113.7")));
        var limited = flood.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        await The_gateway_edge.ExpectProblemAsync(limited[0], 429, "rate-limited");
        foreach (var response in flood)
            response.Dispose();

        await The_gateway_edge.ExpectProblemAsync(await GetAsync(client, "/v1/wallet", "198.51.100.9"), 401, "invalid-api-key");
    }

    [Fact]
    public async Task One_busy_api_key_is_limited_without_touching_another()
    {
        var op = await Platform.CreateOperatorAsync();
        var busy = await Platform.CreateAgentAsync(op.ApiKey, "busy");
        var quiet = await Platform.CreateAgentAsync(op.ApiKey, "quiet");

        using var busyClient = Platform.Client(busy.ApiKey);
        var burst = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => GetAsync(busyClient, "/v1/wallet", $"192.0.2.{i + 1}")));
        Assert.Contains(burst, r => r.StatusCode == HttpStatusCode.OK);
        var limited = burst.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        await The_gateway_edge.ExpectProblemAsync(limited[0], 429, "rate-limited");
        foreach (var response in burst)
            response.Dispose();

        using var quietClient = Platform.Client(quiet.ApiKey);
        using var served = await GetAsync(quietClient, "/v1/wallet", "192.0.2.200");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request, Ct);
    }
}
