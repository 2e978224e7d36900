using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>
/// The marketplace through the Gateway, against a real provider app that verifies the signed call
/// header: a call is reserved under the agent's policy, forwarded, captured on success and voided
/// when the provider fails; a retried call is charged once; every spending rule applies.
/// </summary>
public sealed class Marketplace_calls(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private const long Price = 10_000;
    private const long ExpensivePrice = 50_000;
    private const long Funding = 1_000_000;

    private PaymentPlatform.OperatorCreated _providerOperator = null!;
    private PaymentPlatform.ProviderCreated _provider = null!;
    private MarketplaceProvider _upstream = null!;
    private PaymentPlatform.OperatorCreated _customer = null!;
    private PaymentPlatform.AgentCreated _agent = null!;

    // 500 concurrent calls from one key: the per-key rate limit is not what this class tests.
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Gateway:RateLimits:PerKey:Burst"] = "2000",
        ["Gateway:RateLimits:PerKey:PerSecond"] = "2000",
    };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _providerOperator = await Platform.CreateOperatorAsync("Provider Inc");
        _provider = await Platform.CreateProviderAsync(_providerOperator.ApiKey,
            EvmAddress.Parse(Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress()).ToLowerHex());
        _upstream = await MarketplaceProvider.StartAsync(Platform.GatewayAddress, _provider.Id, Platform.Logs);
        await Platform.PutServiceAsync(_providerOperator.ApiKey, "echo-svc", Service(_upstream.BaseUrl));
        _customer = await Platform.CreateOperatorAsync("Customer");
        _agent = await Platform.CreateAgentAsync(_customer.ApiKey);
        await Platform.FundAsync(_agent, Funding);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_upstream is not null)
            await _upstream.DisposeAsync();
        await base.DisposeAsync();
    }

    private object Service(string baseUrl, int timeoutSeconds = 2) => new
    {
        providerId = _provider.Id,
        name = "Echo Service",
        category = "testing",
        description = "Answers what it received.",
        baseUrl,
        price = Price.ToString(),
        routes = new[] { new { method = "GET", path = "/echo/expensive/**", price = ExpensivePrice.ToString() } },
        failure = new { timeoutSeconds },
    };

    private sealed record Echo(string Method, string Path, string Query, string Body, string? Auth, string? Custom, CallSeen Call);

    private sealed record CallSeen(Guid ProviderId, string Service, Guid CallId, string Price, string Method, string Path);

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : "";

    private async Task<long> AvailableAsync() => (await Platform.WalletAsync(_agent.ApiKey)).Available;

    [Fact]
    public async Task An_agent_finds_a_service_calls_it_with_its_key_alone_and_pays_the_listed_price_once()
    {
        using var agent = Platform.Client(_agent.ApiKey);
        var found = await agent.GetFromJsonAsync<JsonElement>("/v1/marketplace/services?q=echo&category=testing&maxPrice=10000", Ct);
        var listing = Assert.Single(found.GetProperty("services").EnumerateArray());
        Assert.Equal("echo-svc", listing.GetProperty("slug").GetString());
        Assert.Equal("10000", listing.GetProperty("price").GetString());
        Assert.Equal("/v1/marketplace/echo-svc/", listing.GetProperty("callUrl").GetString());
        // The upstream is the provider's business, not the agent's.
        Assert.Equal(JsonValueKind.Null, listing.GetProperty("baseUrl").ValueKind);

        using var request = new StringContent("{\"q\":1}", System.Text.Encoding.UTF8, "application/json");
        using (var response = await Platform.CallAsync(_agent.ApiKey, "echo-svc", "echo/hello?x=1&y=two", "call-1", HttpMethod.Post, request))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("captured", Header(response, "IndieGent-Charge-Status"));
            Assert.Equal("10000", Header(response, "IndieGent-Charge-Amount"));
            var echo = (await response.Content.ReadFromJsonAsync<Echo>(Ct))!;
            Assert.Equal(("POST", "/api/echo/hello", "?x=1&y=two", "{\"q\":1}"), (echo.Method, echo.Path, echo.Query, echo.Body));
            // The agent's IndieGent key never reaches the provider.
            Assert.Null(echo.Auth);
            Assert.Equal((_provider.Id, "echo-svc", "10000", "POST", "/api/echo/hello"),
                (echo.Call.ProviderId, echo.Call.Service, echo.Call.Price, echo.Call.Method, echo.Call.Path));
            Assert.Equal(Guid.Parse(Header(response, "IndieGent-Call-Id")), echo.Call.CallId);
        }

        Assert.Equal(Funding - Price, await AvailableAsync());

        // Retried with the same key: the call is not made again and not charged again.
        using (var again = await Platform.CallAsync(_agent.ApiKey, "echo-svc", "echo/hello?x=1&y=two", "call-1", HttpMethod.Post,
                   new StringContent("{\"q\":1}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("call-already-made", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        // A route with its own price.
        using (var expensive = await Platform.CallAsync(_agent.ApiKey, "echo-svc", "echo/expensive/report", "call-2"))
            Assert.Equal("50000", Header(expensive, "IndieGent-Charge-Amount"));
        Assert.Equal(Funding - Price - ExpensivePrice, await AvailableAsync());
        Assert.Equal(2, _upstream.Calls.Count);

        // The call is a payment of the agent's like any other, settled inside the ledger: no transaction per call, so
        // the wallet on chain still holds what the ledger owes the providers until a sweep (chain = posted + unswept).
        var audit = await Platform.AuditAsync(_customer.ApiKey, _agent.Agent.Id);
        Assert.Equal(2, audit.Count(e => e.Event == "HoldCaptured"));
        var wallet = await Platform.WalletAsync(_agent.ApiKey);
        Assert.Equal(Price + ExpensivePrice, wallet.MarketplaceUnswept);
        Assert.Equal((long)await Platform.Token.BalanceOfAsync(EvmAddress.Parse(wallet.WalletAddress), Ct), wallet.Posted + wallet.MarketplaceUnswept);

        // Its statistics and the customer's rating show in the catalog.
        await Eventually.HoldsAsync(async () =>
        {
            var view = await agent.GetFromJsonAsync<JsonElement>("/v1/marketplace/services/echo-svc", Ct);
            return view.GetProperty("stats").GetProperty("calls").GetInt64() == 2;
        }, Ct);
        using var customer = Platform.Client(_customer.ApiKey);
        using (var rated = await customer.PostAsJsonAsync("/v1/marketplace/services/echo-svc/ratings", new { stars = 4, comment = "fast" }, Ct))
            Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        var rating = (await agent.GetFromJsonAsync<JsonElement>("/v1/marketplace/services/echo-svc", Ct)).GetProperty("rating");
        Assert.Equal((4.0, 1), (rating.GetProperty("average").GetDouble(), rating.GetProperty("count").GetInt32()));
        Assert.Equal(1.0, (await agent.GetFromJsonAsync<JsonElement>("/v1/marketplace/services/echo-svc", Ct))
            .GetProperty("stats").GetProperty("successRate").GetDouble());
        // The provider sees what its calls earned.
        using (var owner = Platform.Client(_providerOperator.ApiKey))
        {
            var earnings = (await owner.GetFromJsonAsync<JsonElement>($"/v1/marketplace/providers/{_provider.Id}", Ct)).GetProperty("earnings");
            Assert.Equal((2, Price + ExpensivePrice), (earnings.GetProperty("chargedCalls").GetInt64(), earnings.GetProperty("earned").GetInt64()));
        }

        // An operator none of whose agents called it cannot rate it.
        using var stranger = Platform.Client((await Platform.CreateOperatorAsync("Stranger")).ApiKey);
        using (var refused = await stranger.PostAsJsonAsync("/v1/marketplace/services/echo-svc/ratings", new { stars = 1 }, Ct))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_provider_that_fails_times_out_or_cannot_be_reached_is_not_paid()
    {
        using (var failed = await Platform.CallAsync(_agent.ApiKey, "echo-svc", "fail/503", "fail-1"))
        {
            // The provider's own answer comes through, and the price was released.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.Equal("failing with 503", await failed.Content.ReadAsStringAsync(Ct));
            Assert.Equal(("voided", "UpstreamFailed"), (Header(failed, "IndieGent-Charge-Status"), Header(failed, "IndieGent-Charge-Reason")));
        }

        using (var slow = await Platform.CallAsync(_agent.ApiKey, "echo-svc", "slow?ms=5000", "slow-1"))
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, slow.StatusCode);
            Assert.Contains("upstream-timeout", await slow.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            Assert.Equal("voided", Header(slow, "IndieGent-Charge-Status"));
        }

        // A 4xx is the caller's mistake, not the provider's failure: charged.
        using (var clientError = await Platform.CallAsync(_agent.ApiKey, "echo-svc", "fail/404", "fail-2"))
            Assert.Equal("captured", Header(clientError, "IndieGent-Charge-Status"));

        await Platform.PutServiceAsync(_providerOperator.ApiKey, "gone-svc", Service($"http://127.0.0.1:{FreePort.Next()}/api"));
        using (var unreachable = await Platform.CallAsync(_agent.ApiKey, "gone-svc", "echo/x", "gone-1"))
        {
            Assert.Equal(HttpStatusCode.BadGateway, unreachable.StatusCode);
            Assert.Contains("upstream-unreachable", await unreachable.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var unknown = await Platform.CallAsync(_agent.ApiKey, "no-such-svc", "x"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("service-not-found", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal(Funding - Price, await AvailableAsync());
        Assert.Equal(0, (await Platform.WalletAsync(_agent.ApiKey)).Pending);
        var audit = await Platform.AuditAsync(_customer.ApiKey, _agent.Agent.Id);
        Assert.Equal(3, audit.Count(e => e.Event == "HoldVoided"));
    }

    [Fact]
    public async Task Nobody_but_the_marketplace_gets_the_provider_to_serve()
    {
        using var direct = new HttpClient();
        using var unpaid = await direct.GetAsync(new Uri(_upstream.BaseUrl + "/echo/free"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, unpaid.StatusCode);
        Assert.Contains("marketplace-call-required", await unpaid.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(_upstream.Calls);
    }

    [Fact]
    public async Task The_agents_spending_rules_apply_to_marketplace_calls_as_to_payments()
    {
        // A provider on the deny list (by its payout address) is never called.
        await Platform.SetPolicyAsync(_customer.ApiKey, _agent.Agent.Id, new { deniedRecipients = new[] { _provider.PayoutAddress } });
        using (var denied = await Platform.CallAsync(_agent.ApiKey, "echo-svc", "echo/a", "deny-1"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Contains("recipient-denied", await denied.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Empty(_upstream.Calls);

        // Above the approval threshold: the call waits for the operator, then the agent calls again with the same key.
        await Platform.SetPolicyAsync(_customer.ApiKey, _agent.Agent.Id, new { approvalThreshold = 20_000, dailyBudget = 100_000 });
        Guid waiting;
        using (var held = await Platform.CallAsync(_agent.ApiKey, "echo-svc", "echo/expensive/x", "big-1"))
        {
            Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
            var problem = await held.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.EndsWith("/approval-required", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
            waiting = problem.GetProperty("callId").GetGuid();
        }

        using (var pending = await Platform.CallAsync(_agent.ApiKey, "echo-svc", "echo/expensive/x", "big-1"))
            Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        Assert.Empty(_upstream.Calls);
        using (var operatorClient = Platform.Client(_customer.ApiKey))
        using (var approve = await operatorClient.PostAsync($"/v1/payments/{waiting}/approve", null, Ct))
            Assert.True(approve.IsSuccessStatusCode, await approve.Content.ReadAsStringAsync(Ct));
        await Platform.PaymentReachesAsync(_customer.ApiKey, waiting, "Settling");
        using (var approved = await Platform.CallAsync(_agent.ApiKey, "echo-svc", "echo/expensive/x", "big-1"))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            Assert.Equal("captured", Header(approved, "IndieGent-Charge-Status"));
        }

        // The daily budget (100 000) counts marketplace calls: 50 000 spent, 5 more calls of 10 000 fit, the sixth does not.
        for (var i = 0; i < 5; i++)
        {
            using var ok = await Platform.CallAsync(_agent.ApiKey, "echo-svc", "echo/small", $"small-{i}");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var over = await Platform.CallAsync(_agent.ApiKey, "echo-svc", "echo/small", "small-over"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, over.StatusCode);
            Assert.Contains("exceeds-daily-budget", await over.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal(6, _upstream.Calls.Count);
        Assert.Equal(Funding - 100_000, await AvailableAsync());
    }

    [Fact]
    public async Task Five_hundred_concurrent_calls_against_an_exact_budget_spend_exactly_the_budget()
    {
        await Platform.SetPolicyAsync(_customer.ApiKey, _agent.Agent.Id, new { dailyBudget = 100 * Price });
        var statuses = await Task.WhenAll(Enumerable.Range(0, 500).Select(async i =>
        {
            using var response = await Platform.CallAsync(_agent.ApiKey, "echo-svc", $"echo/burst/{i}", $"burst-{i}");
            return response.StatusCode;
        }));

        var mix = string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{(int)g.Key}: {g.Count()}"));
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) == 100, $"answers: {mix}");
        Assert.True(statuses.Count(s => s == HttpStatusCode.Forbidden) == 400, $"answers: {mix}");
        Assert.Equal(100, _upstream.Calls.Count);
        var wallet = await Platform.WalletAsync(_agent.ApiKey);
        Assert.Equal((Funding - 100 * Price, 0, 100 * Price), (wallet.Available, wallet.Pending, wallet.MarketplaceUnswept));
        Assert.Equal(Funding, (long)await Platform.Token.BalanceOfAsync(EvmAddress.Parse(wallet.WalletAddress), Ct));
    }

    [Fact]
    public async Task Catalog_writes_are_validated_owned_and_guarded_against_lost_updates()
    {
        using var owner = Platform.Client(_providerOperator.ApiKey);
        using (var invalid = await owner.PutAsJsonAsync("/v1/marketplace/services/Bad_Slug", new
               {
                   providerId = _provider.Id, name = "", category = "Travel!", baseUrl = "ftp://x", price = "-5",
                   routes = new[] { new { method = "BREW", path = "nope", price = "0" } }, upstreamAuth = new { kind = "bearer" },
               }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
            foreach (var field in new[] { "slug", "name", "category", "baseUrl", "price", "routes[0]", "routes[0].price", "upstreamAuth" })
                Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        // Reserved by the marketplace's own paths.
        using (var reserved = await owner.PutAsJsonAsync("/v1/marketplace/services/services", Service(_upstream.BaseUrl), Ct))
            Assert.Equal(HttpStatusCode.BadRequest, reserved.StatusCode);

        // Another operator cannot take or change the slug; an agent cannot write the catalog.
        using (var other = Platform.Client(_customer.ApiKey))
        using (var taken = await other.PutAsJsonAsync("/v1/marketplace/services/echo-svc", Service(_upstream.BaseUrl), Ct))
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        using (var agent = Platform.Client(_agent.ApiKey))
        using (var forbidden = await agent.PutAsJsonAsync("/v1/marketplace/services/echo-svc", Service(_upstream.BaseUrl), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        // If-Match: the second of two edits made from one read is refused.
        using var read = await owner.GetAsync("/v1/marketplace/services/echo-svc", Ct);
        var etag = read.Headers.ETag!.Tag;
        foreach (var (expected, name) in new[] { (HttpStatusCode.OK, "Echo v2"), (HttpStatusCode.PreconditionFailed, "Echo v3") })
        {
            using var edit = new HttpRequestMessage(HttpMethod.Put, "/v1/marketplace/services/echo-svc")
            {
                Content = JsonContent.Create(new { providerId = _provider.Id, name, category = "testing", baseUrl = _upstream.BaseUrl, price = "20000" }),
            };
            edit.Headers.TryAddWithoutValidation("If-Match", etag);
            using var response = await owner.SendAsync(edit, Ct);
            Assert.Equal(expected, response.StatusCode);
        }

        // A bad search is a problem, not an empty page.
        using (var agent = Platform.Client(_agent.ApiKey))
        using (var bad = await agent.GetAsync("/v1/marketplace/services?maxPrice=cheap&limit=1000", Ct))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
