using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using Microsoft.Playwright;
using Nethereum.Signer;
using static Microsoft.Playwright.Assertions;

namespace IndieGent.Dashboard.Tests;

/// <summary>The dashboard's pages for money and services: charts, the audit export, funding, the marketplace; and its sessions.</summary>
public sealed class The_dashboard_pages(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : DashboardTest(postgres, rabbit, anvil)
{
    [Fact]
    public async Task The_overview_charts_spend_and_payment_states_and_the_audit_downloads_as_csv_or_json_for_an_agent_or_all()
    {
        var operatorKey = (await Platform.CreateOperatorAsync()).ApiKey;
        var spender = await Platform.CreateAgentAsync(operatorKey, "chart-bot");
        var saver = await Platform.CreateAgentAsync(operatorKey, "quiet-bot");
        await Platform.FundAsync(spender, 5_000_000);
        await Platform.FundAsync(saver, 1_000_000);
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
        Guid paymentId;
        using (var paid = await Platform.PayAsync(spender.ApiKey, merchant.Url, merchant.Challenge(330_000), "chart-1"))
        {
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
            paymentId = (await paid.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!.PaymentId;
        }

        // The charts count it once its saga has issued the credential.
        const string status = "Authorized";
        await Platform.PaymentReachesAsync(operatorKey, paymentId, status);

        await SignInAsync(operatorKey);
        var chart = Page.GetByTestId("spend-chart");
        await Expect(chart).ToContainTextAsync("chart-bot");
        await Expect(chart).ToContainTextAsync("0.33 USDC");
        await Expect(chart.Locator("svg rect")).ToHaveCountAsync(1);
        Assert.DoesNotContain("quiet-bot", await chart.InnerTextAsync(), StringComparison.Ordinal);
        await Expect(Page.GetByTestId("status-mix").Locator($"li[data-status='{status}']")).ToContainTextAsync("1");
        await Expect(Page.GetByTestId("payments-per-minute")).ToContainTextAsync("1");
        await ScreenshotAsync("overview");

        // One agent's audit, as CSV, for today.
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        await Page.GetByLabel("Agent").SelectOptionAsync(new SelectOptionValue { Label = "chart-bot" });
        await Page.GetByLabel("From").FillAsync(today);
        await Page.GetByLabel("To").FillAsync(today);
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync());
        Assert.StartsWith("indiegent-audit-", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var rows = (await File.ReadAllLinesAsync(await download.PathAsync(), Ct)).Where(l => l.Length > 0).ToList();
        Assert.Equal("sequence,at,agent_id,event,payment_id,amount,merchant,host,tx_hash,challenge_id,detail", rows[0]);
        var cells = rows.Skip(1).Select(r => r.Split(',')).ToList();
        Assert.All(cells, c => Assert.Equal(spender.Agent.Id.ToString(), c[2]));
        Assert.Contains(cells, c => c[3] == "FundsCredited" && c[5] == "5000000");
        Assert.Contains(cells, c => c[3] == "HoldPlaced" && c[4] == paymentId.ToString() && c[5] == "330000");
        var sequences = cells.Select(c => long.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(sequences.Order(), sequences);

        // Every agent's, as JSON.
        await Page.GetByLabel("Agent").SelectOptionAsync(new SelectOptionValue { Label = "All agents and the treasury" });
        await Page.GetByLabel("Format").SelectOptionAsync("json");
        download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync(), Ct));
        var accounts = json.RootElement.EnumerateArray().Select(e => e.GetProperty("agentId").GetGuid()).ToHashSet();
        // Every account of the operator: its agents', and its treasury's.
        using var client = Platform.Client(operatorKey);
        var treasury = (await client.GetFromJsonAsync<JsonElement>("/v1/treasury", Ct)).GetProperty("treasuryId").GetGuid();
        Assert.Equal(new[] { spender.Agent.Id, saver.Agent.Id, treasury }.Order(), accounts.Order());

        // A range that ends before it starts is explained, not downloaded.
        await Page.GotoAsync("/audit");
        await Page.GetByLabel("From").FillAsync(today);
        await Page.GetByLabel("To").FillAsync("2020-01-01");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("before the first");
        await ScreenshotAsync("audit");
    }

    [Fact]
    public async Task An_operator_buys_usdc_by_card_for_the_treasury_and_moves_it_to_an_agent_and_back()
    {
        var operatorKey = (await Platform.CreateOperatorAsync()).ApiKey;
        var agent = await Platform.CreateAgentAsync(operatorKey, "funded-bot");
        using var client = Platform.Client(operatorKey);
        var treasury = await client.GetFromJsonAsync<JsonElement>("/v1/treasury", Ct);
        // Funding hears of the treasury and the agent on its own queue.
        foreach (var path in new[] { "/v1/treasury/funding", $"/v1/agents/{agent.Agent.Id}/funding" })
            await Eventually.HoldsAsync(async () => (await client.GetAsync(path, Ct)).IsSuccessStatusCode, Ct);

        await SignInAsync(operatorKey);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Funding" }).ClickAsync();
        await Expect(Page.GetByTestId("treasury-available")).ToHaveTextAsync("0.00 USDC");
        await Expect(Page.GetByTestId("deposit-address")).ToHaveTextAsync(treasury.GetProperty("address").GetString()!, new() { IgnoreCase = true });
        await Expect(Page.GetByTestId("deposit-qr")).ToBeVisibleAsync();

        // "Buy USDC with card" opens the (simulated) Coinbase checkout; paying there brings the operator back.
        await Page.GetByLabel("Amount (USD)").FillAsync("20.00");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Buy USDC with card" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(Platform.OnrampAddress.AbsoluteUri)));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/funding$"));
        await Platform.MineAsync(2);
        await ReloadUntilAsync(Page.GetByTestId("card-orders"), "completed");
        await Expect(Page.GetByTestId("treasury-available")).Not.ToHaveTextAsync("0.00 USDC");
        await ScreenshotAsync("treasury");

        // Five of it to the agent, then one back.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Fund funded-bot" }).ClickAsync();
        await Page.GetByLabel("Amount (USDC)").FillAsync("five");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
        await Expect(Page.Locator(".field-error")).ToContainTextAsync("An amount of USDC");
        await Page.GetByLabel("Amount (USDC)").FillAsync("5");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Transfer of 5.00 USDC to the agent");
        await ReloadUntilAsync(Page.GetByTestId("transfers"), "completed");
        // Credited to the agent once its deposit has its confirmations.
        await Platform.MineAsync(2);
        await ReloadUntilAsync(Page.GetByTestId("agent-available"), "5.00 USDC");

        await Page.GetByLabel("Direction").SelectOptionAsync("to-treasury");
        await Page.GetByLabel("Amount (USDC)").FillAsync("1.25");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Transfer of 1.25 USDC to the treasury");
        await ReloadUntilAsync(Page.GetByTestId("agent-available"), "3.75 USDC");
        var transfers = Page.GetByTestId("transfers").Locator("tbody tr");
        await Expect(transfers).ToHaveCountAsync(2);
        await Expect(transfers.First).ToContainTextAsync("Agent → treasury");
        await ScreenshotAsync("agent-funding");

        // Asking for more than the agent has is the platform's own explanation.
        await Page.GetByLabel("Direction").SelectOptionAsync("to-treasury");
        await Page.GetByLabel("Amount (USDC)").FillAsync("1000");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("cannot fund this transfer");
    }

    [Fact]
    public async Task An_operator_finds_a_service_in_the_marketplace_sees_its_price_and_calls_and_rates_it()
    {
        var providerKey = (await Platform.CreateOperatorAsync("Provider")).ApiKey;
        var provider = await Platform.CreateProviderAsync(providerKey, EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress()).ToLowerHex(),
            "Skyward Data");
        await using var upstream = await MarketplaceProvider.StartAsync(Platform.GatewayAddress, provider.Id, Platform.Logs);
        await Platform.PutServiceAsync(providerKey, "flight-finder", new
        {
            providerId = provider.Id, name = "Flight Finder", category = "travel", description = "Finds flights between two airports.",
            baseUrl = upstream.BaseUrl, price = "20000",
        });
        var operatorKey = (await Platform.CreateOperatorAsync()).ApiKey;
        var agent = await Platform.CreateAgentAsync(operatorKey, "traveller");
        await Platform.FundAsync(agent, 1_000_000);

        await SignInAsync(operatorKey);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Marketplace" }).ClickAsync();
        await Page.GetByLabel("Search").FillAsync("airports");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var card = Page.Locator("li[data-service='flight-finder']");
        await Expect(card).ToContainTextAsync("0.02 USDC a call");
        await Expect(card).ToContainTextAsync("Skyward Data");
        await Expect(card).ToContainTextAsync("not rated yet");

        // Rating asks for a call first; after the agent's call it is taken.
        await card.GetByRole(AriaRole.Link, new() { Name = "Flight Finder" }).ClickAsync();
        await Expect(Page.GetByTestId("service-price")).ToContainTextAsync("0.02 USDC a call");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Rate" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).Not.ToBeEmptyAsync();
        using (var call = await Platform.CallAsync(agent.ApiKey, "flight-finder", "echo/LHR-JFK", "call-1"))
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        await ReloadUntilAsync(Page.GetByTestId("service-stats"), "1");
        await Page.GetByLabel("Stars").SelectOptionAsync("4");
        await Page.GetByLabel("Comment").FillAsync("Quick answers.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Rate" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("4 of 5");
        await Expect(Page.GetByTestId("service-rating")).ToContainTextAsync("4.0 (1)");
        await ScreenshotAsync("marketplace-service");

        await Page.GotoAsync("/marketplace?q=submarine");
        await Expect(Page.GetByText("No service matches")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_session_ends_when_it_expires_a_forged_anti_forgery_token_is_refused_and_the_theme_choice_stays()
    {
        var operatorKey = (await Platform.CreateOperatorAsync()).ApiKey;

        // The theme: dark when picked, kept across pages.
        await SignInAsync(operatorKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Dark" }).ClickAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Page.GotoAsync("/agents");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await ScreenshotAsync("agents-dark");

        // A dashboard whose sessions last two seconds: after them, the operator signs in again.
        var (_, shortLived) = await StartDashboardAsync(new Dictionary<string, string> { ["Dashboard:SessionLifetime"] = "00:00:02" });
        await using var context = await Browser.Browser!.NewContextAsync(new() { BaseURL = shortLived.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Operator API key").FillAsync(operatorKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        await page.GotoAsync("/agents");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));

        // A form with a made-up token, or with a real token of another browser's session, is refused and signs no one in.
        using var cookies = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var http = new HttpClient(cookies) { BaseAddress = DashboardAddress };
        var form = await http.GetStringAsync("/signin", Ct);
        var field = System.Text.RegularExpressions.Regex.Match(form, "name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"");
        Assert.True(field.Success, "the sign-in form carries an anti-forgery token");
        using var otherBrowser = new HttpClient { BaseAddress = DashboardAddress };
        var othersToken = System.Text.RegularExpressions.Regex.Match(await otherBrowser.GetStringAsync("/signin", Ct),
            "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        foreach (var token in new[] { "CfDJ8-forged-token", othersToken })
        {
            using var forged = await http.PostAsync("/session/signin", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["apiKey"] = operatorKey, [field.Groups[1].Value] = token,
            }), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.DoesNotContain(cookies.CookieContainer.GetAllCookies(), c => c.Name == "indiegent.session");
        }

        // The page's own token works.
        using var genuine = await http.PostAsync("/session/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["apiKey"] = operatorKey, [field.Groups[1].Value] = field.Groups[2].Value,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, genuine.StatusCode);
        Assert.Contains(cookies.CookieContainer.GetAllCookies(), c => c.Name == "indiegent.session");
    }

    /// <summary>Reloads the page until <paramref name="locator"/> shows <paramref name="text"/> (what the platform does in the background).</summary>
    private async Task ReloadUntilAsync(ILocator locator, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await Expect(locator).ToContainTextAsync(text, new() { Timeout = 2_000 });
                return;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
                await Page.ReloadAsync();
            }
        }
    }
}
