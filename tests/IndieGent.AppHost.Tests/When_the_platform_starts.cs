using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using IndieGent.AppHost.Infrastructure;
using IndieGent.Chain;
using IndieGent.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nethereum.Web3;

namespace IndieGent.AppHost.Tests;

/// <summary>
/// Starts the whole platform exactly as <c>dotnet run --project IndieGent.AppHost</c> does
/// (infrastructure mode chosen automatically) and checks it from the outside.
/// </summary>
public sealed partial class When_the_platform_starts
{
    private static readonly string[] Services = ["wallet", "ledger", "funding", "marketplace", "settlement", "gateway"];
    private static readonly string[] Infrastructure = ["rabbitmq", "postgres", "anvil"];
    private static readonly TimeSpan StartupBound = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Every_resource_becomes_healthy_every_service_checks_broker_and_database_and_nothing_outlives_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IndieGent_AppHost>(ct);
        // What the AppHost prints for a newcomer (the dashboard's sign-in link).
        var printed = new CapturedLogs();
        builder.Services.AddLogging(l => l.AddProvider(printed));
        var dataRoot = Path.Combine(Path.GetTempPath(), "indiegent-apphost", Environment.ProcessId.ToString());

        string anvilPort;
        await using (var app = await builder.BuildAsync(ct))
        {
            await app.StartAsync(ct).WaitAsync(StartupBound, ct);
            anvilPort = app.GetEndpoint("anvil", "rpc").Port.ToString();

            foreach (var resource in Infrastructure.Concat(Services))
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, ct).WaitAsync(StartupBound, ct);

            foreach (var service in Services)
            {
                using var http = app.CreateHttpClient(service, "http");
                using var response = await http.GetAsync("/health", ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);

                using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                var checks = health.RootElement.GetProperty("checks");
                Assert.Equal("Healthy", checks.GetProperty("rabbitmq").GetProperty("status").GetString());
                Assert.Equal("Healthy", checks.GetProperty("postgres").GetProperty("status").GetString());

                using var alive = await http.GetAsync("/alive", ct);
                Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
            }

            // Least privilege: each service connects as itself, and the Wallet (master keys) is never
            // told where the chain is nor given a master key in its environment.
            var model = app.Services.GetRequiredService<DistributedApplicationModel>();
            foreach (var service in Services)
            {
#pragma warning disable CS0618 // the evaluated environment, as the resource gets it; its successor is not a test helper yet
                var environment = await model.Resources.OfType<ProjectResource>().Single(r => r.Name == service)
                    .GetEnvironmentVariableValuesAsync();
#pragma warning restore CS0618
                Assert.StartsWith($"amqp://indiegent-{service}:", environment["ConnectionStrings__rabbitmq"], StringComparison.Ordinal);
                Assert.Contains($"Username={service};", environment[$"ConnectionStrings__{service}db"], StringComparison.Ordinal);
                Assert.Equal(service == "settlement", environment.ContainsKey("Chain__RpcUrl"));
                Assert.DoesNotContain(environment.Keys, k => k.StartsWith("Wallet__MasterKeys__", StringComparison.Ordinal));
            }

            // The chain is ready only with the token deployed where every service was told it is,
            // and the demo agent wallet funded.
            var setup = new DevChainSetup();
            var token = new TokenClient(new Web3(app.GetEndpoint("anvil", "rpc").ToString()), setup.Token);
            Assert.Equal("USDC", await token.SymbolAsync(ct));
            Assert.Equal(DevChainSetup.DemoAgentFunding, await token.BalanceOfAsync(setup.DemoAgentWallet, ct));

            // The samples: the agent console pays the sample API through the platform; its
            // revenue on chain is the proof of a real paid call.
            await app.ResourceNotifications.WaitForResourceHealthyAsync("paidapi", ct).WaitAsync(StartupBound, ct);
            var waited = Stopwatch.StartNew();
            while (await token.BalanceOfAsync(DevChainSetup.SampleMerchant, ct) == 0 && waited.Elapsed < StartupBound)
                await Task.Delay(500, ct);
            Assert.True(await token.BalanceOfAsync(DevChainSetup.SampleMerchant, ct) > 0, "The sample agent made no paid call.");

            // The docs' TypeScript snippet, run as written by the AppHost, paid its call and ended well.
            var snippet = await app.ResourceNotifications.WaitForResourceAsync("ts-agent", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), ct)
                .WaitAsync(StartupBound, ct);
            Assert.True(snippet.Snapshot.ExitCode == 0,
                $"samples/ts-agent ended {snippet.Snapshot.State?.Text} with exit code {snippet.Snapshot.ExitCode}; what it and its build logged:\n" +
                string.Join('\n', printed.Lines.Where(l => l.Contains("ts-agent", StringComparison.Ordinal) || l.Contains("ts-sdk-build", StringComparison.Ordinal)).TakeLast(60)));

            using var gateway = app.CreateHttpClient("gateway", "http");
            foreach (var service in Services.Where(s => s != "gateway"))
            {
                using var routed = await gateway.GetAsync($"/services/{service}/health", ct);
                Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
            }

            // The operator dashboard is up and asks for a key.
            await app.ResourceNotifications.WaitForResourceHealthyAsync("dashboard", ct).WaitAsync(StartupBound, ct);
            using (var dashboard = app.CreateHttpClient("dashboard", "http"))
            using (var signIn = await dashboard.GetAsync("/", ct))
            {
                Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
                Assert.EndsWith("/signin", signIn.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
                Assert.Contains("Operator API key", await signIn.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            }

            // Its key ring (cookies, anti-forgery) is in its own database, under its own role, as hosted.
            using (var dashboard = app.CreateHttpClient("dashboard", "http"))
            using (var health = JsonDocument.Parse(await dashboard.GetStringAsync("/health", ct)))
                Assert.Equal("Healthy", health.RootElement.GetProperty("checks").GetProperty("key-ring").GetProperty("status").GetString());
#pragma warning disable CS0618 // the evaluated environment, as the resource gets it
            var dashboardEnvironment = await model.Resources.OfType<ProjectResource>().Single(r => r.Name == "dashboard").GetEnvironmentVariableValuesAsync();
#pragma warning restore CS0618
            Assert.Contains("Username=dashboard;", dashboardEnvironment["ConnectionStrings__dashboarddb"], StringComparison.Ordinal);

            await The_printed_sign_in_link_signs_the_demo_operator_in_once(printed, ct);

            var agentKey = await A_new_operator_funds_an_agent_by_card(app, model, ct);
            await The_agent_calls_the_demo_providers_through_the_marketplace(app, agentKey, ct);
        }

        // Stopping the AppHost stops every server it started.
        bool Leftovers() => ProcessesMentioning(dataRoot).Any() || ProcessesMentioning($"--port {anvilPort} ").Any();
        await WaitUntil(() => !Leftovers(), TimeSpan.FromSeconds(60), ct);
        Assert.Empty(ProcessesMentioning(dataRoot));
        Assert.Empty(ProcessesMentioning($"--port {anvilPort} "));
    }

    // The link the AppHost prints when the dashboard is ready signs in the operator whose demo agent pays
    // (the agent made its paid calls by now), on the overview; a second use is refused.
    private static async Task The_printed_sign_in_link_signs_the_demo_operator_in_once(CapturedLogs printed, CancellationToken ct)
    {
        Uri? link = null;
        await WaitUntilAsync(() =>
        {
            var line = printed.Lines.FirstOrDefault(l => l.Contains("Dashboard is ready at", StringComparison.Ordinal));
            if (line is not null && SignInLink().Match(line) is { Success: true } match)
                link = new Uri(match.Value);
            return Task.FromResult(link is not null);
        }, ct);

        using (var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }))
        {
            using var signedIn = await browser.GetAsync(link, ct);
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            Assert.Equal("/", signedIn.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.Contains("Overview", await signedIn.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            using var agents = await browser.GetAsync(new Uri(link!, "/agents"), ct);
            Assert.Contains("forecast-agent", await agents.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        using var stranger = new HttpClient();
        using var again = await stranger.GetAsync(link, ct);
        Assert.Equal("/signin", again.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("?error=link-used", again.RequestMessage.RequestUri.Query);
    }

    [GeneratedRegex(@"http://\S+/session/link\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SignInLink();

    // Through the Gateway as a newcomer would: operator, agent, a card purchase at Coinbase's (simulated)
    // checkout, the USDC delivered on chain and credited to the agent once it is confirmed.
    private static async Task<string> A_new_operator_funds_an_agent_by_card(DistributedApplication app, DistributedApplicationModel model,
        CancellationToken ct)
    {
        await app.ResourceNotifications.WaitForResourceHealthyAsync("coinbase", ct).WaitAsync(StartupBound, ct);
#pragma warning disable CS0618 // the evaluated environment, as the resource gets it
        var adminKey = (await model.Resources.OfType<ProjectResource>().Single(r => r.Name == "gateway").GetEnvironmentVariableValuesAsync())
            ["Gateway__AdminApiKey"];
#pragma warning restore CS0618
        using var admin = Client(app, adminKey);
        using var created = await admin.PostAsJsonAsync("/v1/operators", new { name = "Newcomer" }, ct);
        var operatorKey = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("apiKey").GetString()!;
        using var op = Client(app, operatorKey);
        using var agentCreated = await op.PostAsJsonAsync("/v1/agents", new { name = "card-funded" }, ct);
        var agentJson = await agentCreated.Content.ReadFromJsonAsync<JsonElement>(ct);
        var agentId = agentJson.GetProperty("agent").GetProperty("id").GetString()!;
        await WaitUntilAsync(async () => (await op.GetAsync($"/v1/agents/{agentId}/funding", ct)).IsSuccessStatusCode, ct);

        using var order = new HttpRequestMessage(HttpMethod.Post, $"/v1/agents/{agentId}/funding/onramp")
        {
            Content = JsonContent.Create(new { amount = "20.00", currency = "USD" }),
        };
        order.Headers.Add("Idempotency-Key", "first-card-purchase");
        using var ordered = await op.SendAsync(order, ct);
        Assert.Equal(HttpStatusCode.Created, ordered.StatusCode);
        var placed = await ordered.Content.ReadFromJsonAsync<JsonElement>(ct);
        var orderId = placed.GetProperty("id").GetString();
        var checkout = new Uri(placed.GetProperty("onrampUrl").GetString()!);

        // The checkout page the operator's browser opens, and its "Pay".
        using var browser = new HttpClient();
        using var page = await browser.GetAsync(checkout, ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Pay", await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        using var paid = await browser.PostAsJsonAsync(new Uri(checkout, $"/simulator/sessions/{checkout.Segments[^1]}/pay"), new { }, ct);
        Assert.True(paid.IsSuccessStatusCode, await paid.Content.ReadAsStringAsync(ct));

        await WaitUntilAsync(async () =>
            (await op.GetFromJsonAsync<JsonElement>($"/v1/agents/{agentId}/funding/onramp/{orderId}", ct)).GetProperty("status").GetString() == "completed", ct);
        var balance = await op.GetFromJsonAsync<JsonElement>($"/v1/accounts/{agentId}/balance", ct);
        Assert.True(balance.GetProperty("available").GetInt64() > 0);
        return agentJson.GetProperty("apiKey").GetString()!;
    }

    // The demo provider listed itself at start-up; the agent finds a service and calls it with its key alone.
    private static async Task The_agent_calls_the_demo_providers_through_the_marketplace(DistributedApplication app, string agentKey, CancellationToken ct)
    {
        await app.ResourceNotifications.WaitForResourceHealthyAsync("providers", ct).WaitAsync(StartupBound, ct);
        using var agent = Client(app, agentKey);
        await WaitUntilAsync(async () => (await agent.GetFromJsonAsync<JsonElement>("/v1/marketplace/services?category=travel", ct))
            .GetProperty("services").EnumerateArray().Any(s => s.GetProperty("slug").GetString() == "demo-flights"), ct);

        using var flights = await agent.GetAsync("/v1/marketplace/demo-flights/search?from=AMS&to=LIS&date=2027-01-15", ct);
        Assert.Equal(HttpStatusCode.OK, flights.StatusCode);
        Assert.Equal("captured", flights.Headers.GetValues("IndieGent-Charge-Status").Single());
        Assert.Contains("LIS", await flights.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // The demo's failure switch: the provider fails, the agent pays nothing.
        using var failed = await agent.GetAsync("/v1/marketplace/demo-flights/search?from=AMS&to=LIS&date=2027-01-15&fail=500", ct);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("voided", failed.Headers.GetValues("IndieGent-Charge-Status").Single());
    }

    private static HttpClient Client(DistributedApplication app, string apiKey)
    {
        var client = app.CreateHttpClient("gateway", "http");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < StartupBound, "The condition did not hold in time.");
            await Task.Delay(500, ct);
        }
    }

    private static IEnumerable<int> ProcessesMentioning(string text)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
                continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (commandLine.Contains(text, StringComparison.Ordinal))
                yield return pid;
        }
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan bound, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < bound)
            await Task.Delay(250, ct);
    }
}
