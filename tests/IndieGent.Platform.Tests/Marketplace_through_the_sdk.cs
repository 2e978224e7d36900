using System.Net;
using System.Net.Http.Json;
using IndieGent.Chain;
using IndieGent.Sdk;
using IndieGent.Sdk.Marketplace;
using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>
/// An agent's code uses the marketplace through the SDK: it searches, calls a proxied service by its
/// slug and learns what the call cost; a provider's failure reaches it as a refund, a refusal as a
/// typed exception with the problem's type.
/// </summary>
public sealed class Marketplace_through_the_sdk(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private const long Price = 10_000;
    private const long Funding = 1_000_000;

    private PaymentPlatform.ProviderCreated _provider = null!;
    private MarketplaceProvider _upstream = null!;
    private PaymentPlatform.OperatorCreated _customer = null!;
    private PaymentPlatform.AgentCreated _agent = null!;
    private IndieGentAgent _sdk = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var providerOperator = await Platform.CreateOperatorAsync("Provider Inc");
        _provider = await Platform.CreateProviderAsync(providerOperator.ApiKey,
            EvmAddress.Parse(Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress()).ToLowerHex());
        _upstream = await MarketplaceProvider.StartAsync(Platform.GatewayAddress, _provider.Id, Platform.Logs);
        await Platform.PutServiceAsync(providerOperator.ApiKey, "echo-svc", new
        {
            providerId = _provider.Id, name = "Echo Service", category = "testing", description = "Answers what it received.",
            baseUrl = _upstream.BaseUrl, price = Price.ToString(), failure = new { timeoutSeconds = 2 },
        });
        _customer = await Platform.CreateOperatorAsync("Customer");
        _agent = await Platform.CreateAgentAsync(_customer.ApiKey);
        await Platform.FundAsync(_agent, Funding);
        _sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, _agent.ApiKey);
    }

    public override async ValueTask DisposeAsync()
    {
        _sdk?.Dispose();
        if (_upstream is not null)
            await _upstream.DisposeAsync();
        await base.DisposeAsync();
    }

    private sealed record Echo(string Method, string Path, string Query, string Body, string? Auth);

    private async Task<long> AvailableAsync() => (await Platform.WalletAsync(_agent.ApiKey)).Available;

    [Fact]
    public async Task Search_finds_the_service_with_its_price_and_where_to_call_it()
    {
        var page = await _sdk.Marketplace.SearchAsync(new MarketplaceQuery { Text = "echo", Category = "testing", MaxPrice = Price }, Ct);

        var service = Assert.Single(page.Services);
        Assert.Equal((1L, 50, 0), (page.Total, page.Limit, page.Offset));
        Assert.Equal(("echo-svc", MarketplaceService.Proxied, "Echo Service", Price, Price, "USDC"),
            (service.Slug, service.Kind, service.Name, service.Price, service.MinPrice, service.Currency));
        Assert.Equal(("/v1/marketplace/echo-svc/", (string?)null), (service.CallUrl, service.BaseUrl));
        Assert.Equal((_provider.Id, 0L), (service.Provider.Id, service.Stats.Calls));
        Assert.Empty((await _sdk.Marketplace.SearchAsync(new MarketplaceQuery { Text = "echo", MaxPrice = Price - 1 }, Ct)).Services);
        Assert.Equal(service.Name, (await _sdk.Marketplace.GetServiceAsync("echo-svc", Ct))?.Name);
        Assert.Null(await _sdk.Marketplace.GetServiceAsync("no-such-svc", Ct));

        var invalid = await Assert.ThrowsAsync<MarketplaceCallException>(() => _sdk.Marketplace.SearchAsync(new MarketplaceQuery { Limit = 1000 }, Ct));
        Assert.Equal((HttpStatusCode.BadRequest, "validation-failed"), (invalid.StatusCode, invalid.Reason));
    }

    [Fact]
    public async Task A_call_by_slug_is_charged_once_and_the_response_says_what_it_cost()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/echo/hello?x=1") { Content = JsonContent.Create(new { q = 1 }) };

        using (var response = await _sdk.Marketplace.CallAsync("echo-svc", request, "order-1", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal((MarketplaceChargeStatus.Captured, Price), (response.ChargeStatus, response.ChargedAmount));
            var echo = (await response.Content.ReadFromJsonAsync<Echo>(Ct))!;
            Assert.Equal(("POST", "/api/echo/hello", "?x=1", "{\"q\":1}", (string?)null), (echo.Method, echo.Path, echo.Query, echo.Body, echo.Auth));
            Assert.Equal(_upstream.Calls.Single().CallId, response.CallId);
        }

        Assert.Equal(Funding - Price, await AvailableAsync());

        // The same key is the same call: not made again, not charged again.
        var again = await Assert.ThrowsAsync<MarketplaceCallException>(() => _sdk.Marketplace.CallAsync("echo-svc", request, "order-1", Ct));
        Assert.Equal((HttpStatusCode.Conflict, "call-already-made"), (again.StatusCode, again.Reason));
        Assert.EndsWith("/call-already-made", again.ProblemType, StringComparison.Ordinal);

        // Without a key, every call is a new one (the SDK names it, so its own retry is not charged twice).
        var echoed = await _sdk.Marketplace.GetFromJsonAsync<Echo>("echo-svc", "/echo/again", Ct);
        Assert.Equal(("GET", "/api/echo/again"), (echoed!.Method, echoed.Path));
        Assert.Equal(2, _upstream.Calls.Count);
        Assert.Equal(Funding - 2 * Price, await AvailableAsync());
    }

    [Fact]
    public async Task A_provider_that_fails_surfaces_as_a_refund_and_costs_nothing()
    {
        var failed = await Assert.ThrowsAsync<MarketplaceCallRefundedException>(() => _sdk.Marketplace.CallAsync("echo-svc", HttpMethod.Get, "/fail/503",
            cancellationToken: Ct));

        using (failed.Response)
        {
            Assert.Equal(("UpstreamFailed", 503, HttpStatusCode.ServiceUnavailable), (failed.Reason, failed.UpstreamStatus, failed.StatusCode));
            Assert.Equal(MarketplaceChargeStatus.Voided, failed.Response.ChargeStatus);
            Assert.Equal(_upstream.Calls.Single().CallId, failed.CallId);
            // The provider's own answer is still there to read.
            Assert.Equal("failing with 503", await failed.Response.Content.ReadAsStringAsync(Ct));
        }

        // A provider that does not answer in time: the gateway's problem, and no upstream status.
        var slow = await Assert.ThrowsAsync<MarketplaceCallRefundedException>(() => _sdk.Marketplace.CallAsync("echo-svc", HttpMethod.Get, "/slow?ms=5000",
            cancellationToken: Ct));
        slow.Response.Dispose();
        Assert.Equal(((int?)null, HttpStatusCode.GatewayTimeout), (slow.UpstreamStatus, slow.StatusCode));
        Assert.EndsWith("/upstream-timeout", slow.ProblemType, StringComparison.Ordinal);

        Assert.Equal(Funding, await AvailableAsync());
        Assert.Equal(0, (await Platform.WalletAsync(_agent.ApiKey)).Pending);
    }

    [Fact]
    public async Task A_refusal_is_a_marketplace_call_exception_with_the_problem_type()
    {
        await Platform.SetPolicyAsync(_customer.ApiKey, _agent.Agent.Id, new { deniedRecipients = new[] { _provider.PayoutAddress } });
        var denied = await Assert.ThrowsAsync<MarketplaceCallException>(() => _sdk.Marketplace.CallAsync("echo-svc", HttpMethod.Get, "/echo/a",
            cancellationToken: Ct));
        Assert.Equal("https://indiegent.dev/problems/recipient-denied", denied.ProblemType);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.NotNull(denied.CallId);
        Assert.IsNotType<MarketplaceCallRefundedException>(denied);

        // Above the approval threshold the call waits for the operator: a 202 problem, still an exception, naming the call to approve.
        await Platform.SetPolicyAsync(_customer.ApiKey, _agent.Agent.Id, new { approvalThreshold = Price - 1 });
        var held = await Assert.ThrowsAsync<MarketplaceCallException>(() => _sdk.Marketplace.CallAsync("echo-svc", HttpMethod.Get, "/echo/b", null, "big-1", Ct));
        Assert.True(held.IsAwaitingApproval, held.Message);
        Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
        using (var operatorClient = Platform.Client(_customer.ApiKey))
        using (var approve = await operatorClient.PostAsync($"/v1/payments/{held.CallId}/approve", null, Ct))
            Assert.True(approve.IsSuccessStatusCode, await approve.Content.ReadAsStringAsync(Ct));
        await Platform.PaymentReachesAsync(_customer.ApiKey, held.CallId!.Value, "Settling");
        using (var approved = await _sdk.Marketplace.CallAsync("echo-svc", HttpMethod.Get, "/echo/b", null, "big-1", Ct))
            Assert.Equal((HttpStatusCode.OK, MarketplaceChargeStatus.Captured, held.CallId), (approved.StatusCode, approved.ChargeStatus, approved.CallId));

        var unknown = await Assert.ThrowsAsync<MarketplaceCallException>(() => _sdk.Marketplace.CallAsync("no-such-svc", HttpMethod.Get, "/x",
            cancellationToken: Ct));
        Assert.Equal((HttpStatusCode.NotFound, "service-not-found"), (unknown.StatusCode, unknown.Reason));
        Assert.Single(_upstream.Calls);
        Assert.Equal(Funding - Price, await AvailableAsync());
    }
}
