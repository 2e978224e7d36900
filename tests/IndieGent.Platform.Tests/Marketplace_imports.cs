using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Marketplace.Api.Catalog;
using IndieGent.Sdk;
using IndieGent.Sdk.Marketplace;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Signer;

namespace IndieGent.Platform.Tests;

/// <summary>
/// A provider lists an external paid API from its OpenAPI discovery document (by URL or inline); agents
/// find it in the catalog with its operations and prices, and calling it through the SDK pays its 402
/// from the agent's wallet through the platform.
/// </summary>
public sealed class Marketplace_imports(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private const long Price = 25_000;
    private const long Funding = 1_000_000;

    private PaymentPlatform.OperatorCreated _providerOperator = null!;
    private PaymentPlatform.ProviderCreated _provider = null!;
    private EvmAddress _merchant;
    private WebApplication _api = null!;
    private PaymentPlatform.AgentCreated _agent = null!;

    // The paid API runs on this machine, which the Marketplace refuses to fetch from by default.
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string> { ["Imports:AllowPrivateNetworks"] = "true" };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _providerOperator = await Platform.CreateOperatorAsync("Weather Inc");
        _merchant = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        _provider = await Platform.CreateProviderAsync(_providerOperator.ApiKey, _merchant.ToLowerHex(), "Weather Inc");
        _api = await Platform.StartDiscoverablePaidApiAsync(Price, _merchant);
        var customer = await Platform.CreateOperatorAsync("Customer");
        _agent = await Platform.CreateAgentAsync(customer.ApiKey);
        await Platform.FundAsync(_agent, Funding);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_api is not null)
            await _api.DisposeAsync();
        await base.DisposeAsync();
    }

    private Uri ApiUrl => _api.Url();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task A_document_read_from_its_url_lists_the_service_which_agents_find_by_category_and_kind()
    {
        using var imported = await Platform.ImportAsync(_providerOperator.ApiKey, new { providerId = _provider.Id, url = new Uri(ApiUrl, "/openapi.json") });

        var view = await ReadAsync(imported, HttpStatusCode.Created);
        // The slug follows from the title; the document names no server, so the API is where the document is.
        Assert.Equal(("weather-search-api", "external", "Weather Search API"),
            (view.GetProperty("slug").GetString(), view.GetProperty("kind").GetString(), view.GetProperty("name").GetString()));
        Assert.Equal(ApiUrl.AbsoluteUri.TrimEnd('/'), view.GetProperty("baseUrl").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("callUrl").ValueKind);
        Assert.Equal(("weather", "25000", "USDC"),
            (view.GetProperty("category").GetString(), view.GetProperty("price").GetString(), view.GetProperty("currency").GetString()));
        Assert.Equal([new Uri(ApiUrl, "/docs").AbsoluteUri, "https://weather.example/llms.txt"],
            view.GetProperty("docs").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(0, view.GetProperty("warnings").GetArrayLength());
        Assert.Equal("/v1/marketplace/services/weather-search-api", imported.Headers.Location?.OriginalString);

        using var agent = IndieGentAgent.ForPlatform(Platform.GatewayAddress, _agent.ApiKey);
        var found = await agent.Marketplace.SearchAsync(new MarketplaceQuery { Category = "weather", Kind = MarketplaceService.External }, Ct);
        var service = Assert.Single(found.Services);
        Assert.Equal(("weather-search-api", true, 25_000L, "USDC", "Weather Inc"),
            (service.Slug, service.IsExternal, service.MinPrice, service.Currency, service.Provider.Name));
        Assert.Equal(["weather", "search"], service.Categories);
        Assert.Equal([("GET", "/search", "search", 1), ("GET", "/health", (string?)null, 0)],
            service.Operations.Select(o => (o.Method, o.Path, o.OperationId, o.Offers.Count)));
        var offer = Assert.Single(service.Operations[0].Offers);
        Assert.Equal(("25000", "charge", "evm"), (offer.Amount, offer.Intent, offer.Method));
        Assert.Equal(Platform.Token.Address, EvmAddress.Parse(offer.Currency!));
        Assert.Empty((await agent.Marketplace.SearchAsync(new MarketplaceQuery { Category = "weather", Kind = MarketplaceService.Proxied }, Ct)).Services);
        Assert.Empty((await agent.Marketplace.SearchAsync(new MarketplaceQuery { Text = "weather", MaxPrice = Price - 1 }, Ct)).Services);

        // Imported again by its owner: the same listing, replaced.
        using var again = await Platform.ImportAsync(_providerOperator.ApiKey,
            new { providerId = _provider.Id, slug = "weather-search-api", url = new Uri(ApiUrl, "/openapi.json") });
        Assert.NotEqual(imported.Headers.ETag, again.Headers.ETag);
        await ReadAsync(again, HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_document_given_inline_as_json_or_yaml_is_listed_under_the_chosen_slug_with_the_readers_warnings()
    {
        var json = JsonDocument.Parse(Platform.DiscoveryDocument(Price, "Inline Weather", server: ApiUrl.AbsoluteUri)).RootElement;
        using (var inline = await Platform.ImportAsync(_providerOperator.ApiKey, new { providerId = _provider.Id, slug = "inline-weather", document = json }))
        {
            var view = await ReadAsync(inline, HttpStatusCode.Created);
            Assert.Equal(("inline-weather", "Inline Weather"), (view.GetProperty("slug").GetString(), view.GetProperty("name").GetString()));
        }

        var yaml = $"""
            openapi: 3.0.3
            info:
              title: Translate
              version: "2"
            servers:
              - url: {ApiUrl.AbsoluteUri}
            x-service-info:
              categories: [Language Tools]
            paths:
              /translate:
                post:
                  x-payment-info:
                    intent: charge
                    method: evm
                    amount: "70000"
                    currency: EUR
                  responses:
                    "402":
                      description: Pay
            """;
        using var translated = await Platform.ImportAsync(_providerOperator.ApiKey, new { providerId = _provider.Id, document = yaml });
        var listed = await ReadAsync(translated, HttpStatusCode.Created);
        Assert.Equal(("translate", "language-tools", "70000", "EUR"), (listed.GetProperty("slug").GetString(),
            listed.GetProperty("category").GetString(), listed.GetProperty("price").GetString(), listed.GetProperty("currency").GetString()));
        // The reader's warnings (a category not written as a slug, a paid POST without an input schema) and the catalog's own
        // (a price not in the platform's USDC), each with where in the document.
        var warnings = listed.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("pointer").GetString()).ToList();
        Assert.Equal(["/x-service-info/categories/0", "/paths/~1translate/post", "/paths"], warnings);
    }

    [Fact]
    public async Task Bad_documents_and_requests_are_refused_with_pointers_to_what_is_wrong()
    {
        var wrongAmount = Platform.DiscoveryDocument(Price, server: "https://weather.example").Replace("\"25000\"", "\"0.025\"", StringComparison.Ordinal);
        using (var refused = await Platform.ImportAsync(_providerOperator.ApiKey, new { providerId = _provider.Id, document = wrongAmount }))
        {
            var problem = await ReadAsync(refused, HttpStatusCode.BadRequest);
            Assert.Equal("https://indiegent.dev/problems/invalid-openapi-document", problem.GetProperty("type").GetString());
            var error = Assert.Single(problem.GetProperty("errors").EnumerateObject());
            Assert.Equal("/paths/~1search/get/x-payment-info/offers/0/amount", error.Name);
        }

        // Inline without servers, nothing to resolve the default server against; and a Swagger 2.0 document.
        using (var serverless = await Platform.ImportAsync(_providerOperator.ApiKey, new { providerId = _provider.Id, document = Platform.DiscoveryDocument(Price) }))
            Assert.True((await ReadAsync(serverless, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("/servers", out _));
        using (var swagger = await Platform.ImportAsync(_providerOperator.ApiKey,
                   new { providerId = _provider.Id, document = new { swagger = "2.0", info = new { title = "Old", version = "1" }, paths = new { } } }))
            Assert.True((await ReadAsync(swagger, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("/openapi", out _));

        // The request itself: exactly one of url and document, an http(s) URL, the operator's own provider.
        using (var both = await Platform.ImportAsync(_providerOperator.ApiKey,
                   new { providerId = Guid.NewGuid(), url = "ftp://weather.example/openapi.json", document = "{}", slug = "Bad Slug" }))
        {
            var errors = (await ReadAsync(both, HttpStatusCode.BadRequest)).GetProperty("errors");
            foreach (var field in new[] { "body", "url", "providerId", "slug" })
                Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        // A URL that does not serve a document.
        using (var missing = await Platform.ImportAsync(_providerOperator.ApiKey, new { providerId = _provider.Id, url = new Uri(ApiUrl, "/nothing-here") }))
            Assert.Equal("https://indiegent.dev/problems/openapi-document-unavailable",
                (await ReadAsync(missing, HttpStatusCode.UnprocessableEntity)).GetProperty("type").GetString());

        // Agents do not write the catalog.
        using (var byAgent = await Platform.ImportAsync(_agent.ApiKey, new { providerId = _provider.Id, document = Platform.DiscoveryDocument(Price) }))
            Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
    }

    [Fact]
    public async Task Documents_are_fetched_from_public_addresses_only_and_never_through_service_discovery()
    {
        // Unless a deployment allows it (this class does, for its local API), nothing on the Marketplace's own networks is read.
        using (var strict = new HttpClient(OpenApiDocumentFetcher.Handler(new ImportOptions())))
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => strict.GetAsync(new Uri(ApiUrl, "/openapi.json"), Ct));
            Assert.Contains("not a public internet address", refused.Message, StringComparison.Ordinal);
        }

        Assert.True(IndieGent.Net.PublicNetwork.IsPublic(IPAddress.Parse("93.184.215.14")));
        foreach (var address in new[] { "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1" })
            Assert.False(IndieGent.Net.PublicNetwork.IsPublic(IPAddress.Parse(address)), address);

        // The service defaults give every client service discovery ("http://ledger/…" would reach our Ledger) and retries; not this one.
        var factory = Platform.Services("marketplace").GetRequiredService<IHttpMessageHandlerFactory>();
        static List<string> Chain(HttpMessageHandler handler)
        {
            var names = new List<string>();
            for (var h = handler; h is not null; h = (h as DelegatingHandler)?.InnerHandler)
                names.Add(h.GetType().Name);
            return names;
        }

        var defaults = Chain(factory.CreateHandler(""));
        Assert.Contains(defaults, n => n.Contains("Resolving", StringComparison.Ordinal));
        Assert.Contains(defaults, n => n.Contains("Resilience", StringComparison.Ordinal));
        var imports = Chain(factory.CreateHandler(OpenApiDocumentFetcher.Client));
        Assert.DoesNotContain(imports, n => n.Contains("Resolving", StringComparison.Ordinal) || n.Contains("Resilience", StringComparison.Ordinal));
        Assert.Equal(nameof(SocketsHttpHandler), imports[^1]);
    }

    [Fact]
    public async Task Another_operators_slug_is_not_taken_and_a_proxied_service_is_not_replaced()
    {
        var document = JsonDocument.Parse(Platform.DiscoveryDocument(Price, server: ApiUrl.AbsoluteUri)).RootElement;
        using (var first = await Platform.ImportAsync(_providerOperator.ApiKey, new { providerId = _provider.Id, slug = "weather", document }))
            await ReadAsync(first, HttpStatusCode.Created);

        var rival = await Platform.CreateOperatorAsync("Rival");
        var rivalProvider = await Platform.CreateProviderAsync(rival.ApiKey, EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress()).ToLowerHex());
        using (var taken = await Platform.ImportAsync(rival.ApiKey, new { providerId = rivalProvider.Id, slug = "weather", document }))
            Assert.EndsWith("/slug-taken", (await ReadAsync(taken, HttpStatusCode.Conflict)).GetProperty("type").GetString(), StringComparison.Ordinal);

        // A provider's proxied service is edited with PUT, never replaced by an import; an imported one is changed by importing it.
        await Platform.PutServiceAsync(_providerOperator.ApiKey, "weather-proxied", new
        {
            providerId = _provider.Id, name = "Weather (proxied)", category = "weather", baseUrl = ApiUrl.AbsoluteUri, price = "10000",
        });
        using (var proxied = await Platform.ImportAsync(_providerOperator.ApiKey, new { providerId = _provider.Id, slug = "weather-proxied", document }))
            Assert.EndsWith("/proxied-service", (await ReadAsync(proxied, HttpStatusCode.Conflict)).GetProperty("type").GetString(), StringComparison.Ordinal);
        using var owner = Platform.Client(_providerOperator.ApiKey);
        using var put = await owner.PutAsJsonAsync("/v1/marketplace/services/weather", new
        {
            providerId = _provider.Id, name = "Weather", category = "weather", baseUrl = ApiUrl.AbsoluteUri, price = "10000",
        }, Ct);
        Assert.EndsWith("/external-service", (await ReadAsync(put, HttpStatusCode.Conflict)).GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_calls_the_imported_service_through_the_sdk_and_pays_its_402_from_its_wallet()
    {
        using (var imported = await Platform.ImportAsync(_providerOperator.ApiKey, new { providerId = _provider.Id, url = new Uri(ApiUrl, "/openapi.json") }))
            await ReadAsync(imported, HttpStatusCode.Created);
        // The gateway does not proxy an external service: it says where to call it.
        using (var proxied = await Platform.CallAsync(_agent.ApiKey, "weather-search-api", "/search"))
            Assert.EndsWith("/external-service", (await ReadAsync(proxied, HttpStatusCode.Conflict)).GetProperty("type").GetString(), StringComparison.Ordinal);
        using var agent = IndieGentAgent.ForPlatform(Platform.GatewayAddress, _agent.ApiKey);

        using var response = await agent.Marketplace.CallAsync("weather-search-api", HttpMethod.Get, "/search", cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("results", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal((MarketplaceChargeStatus.Paid, Price), (response.ChargeStatus, response.ChargedAmount));
        Assert.NotNull(response.Payment?.Receipt);
        Assert.Equal(response.Payment!.Proof.PaymentId, response.CallId);
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(_merchant, Ct));
        Assert.Equal(Funding - Price, (await Platform.WalletAsync(_agent.ApiKey)).Available);

        // Again (the listing now known to the SDK): paid again, one payment per call.
        using var second = await agent.Marketplace.CallAsync("weather-search-api", HttpMethod.Get, "/search", cancellationToken: Ct);
        Assert.Equal((HttpStatusCode.OK, MarketplaceChargeStatus.Paid), (second.StatusCode, second.ChargeStatus));
        Assert.NotEqual(response.CallId, second.CallId);
        Assert.Equal(Funding - 2 * Price, (await Platform.WalletAsync(_agent.ApiKey)).Available);
    }
}
