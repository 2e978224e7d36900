using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.RegularExpressions;
using IndieGent.Chain;
using IndieGent.Sdk;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using Microsoft.Playwright;
using Nethereum.Signer;
using static Microsoft.Playwright.Assertions;

namespace IndieGent.Dashboard.Tests;

/// <summary>The operator's web UI in a real browser, on a real platform.</summary>
public sealed partial class The_operator_dashboard(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : DashboardTest(postgres, rabbit, anvil)
{
    [Fact]
    public async Task Sign_in_takes_only_an_operator_key_keeps_it_out_of_the_browser_and_sign_out_ends_the_session()
    {
        var operatorKey = (await Platform.CreateOperatorAsync()).ApiKey;
        var agentKey = (await Platform.CreateAgentAsync(operatorKey)).ApiKey;

        // Signed out, every page leads to the sign-in form, and back afterwards.
        await Page.GotoAsync("/agents");
        await Expect(Page).ToHaveURLAsync(SignInPage());

        await SignInAsync("igk_nope_notakey");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not valid");
        await SignInAsync(agentKey);
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("agent's key");

        await Page.GotoAsync("/agents");
        await Page.GetByLabel("Operator API key").FillAsync(operatorKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Agents" })).ToBeVisibleAsync();
        Assert.EndsWith("/agents", Page.Url, StringComparison.Ordinal);

        // The session cookie is httpOnly and same-site, and neither it nor the page carries the key.
        var session = Assert.Single(await Browser.CookiesAsync(), c => c.Name == "indiegent.session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.DoesNotContain(operatorKey, session.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("indiegent.session", await Page.EvaluateAsync<string>("() => document.cookie"), StringComparison.Ordinal);
        Assert.DoesNotContain(operatorKey, await Page.ContentAsync(), StringComparison.Ordinal);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("signed out");
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(SignInPage());
        Assert.DoesNotContain(await Browser.CookiesAsync(), c => c.Name == "indiegent.session");
    }

    [Fact]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused()
    {
        var operatorKey = (await Platform.CreateOperatorAsync()).ApiKey;
        using var http = new HttpClient { BaseAddress = DashboardAddress };
        using var forged = await http.PostAsync("/session/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["apiKey"] = operatorKey }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("indiegent.session", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_operator_creates_an_agent_sees_its_key_once_and_watches_its_money_and_controls()
    {
        var operatorKey = (await Platform.CreateOperatorAsync()).ApiKey;
        var travel = await Platform.CreateAgentAsync(operatorKey, "travel-bot");
        await Platform.FundAsync(travel, 25_000_000);
        await Platform.SetPolicyAsync(operatorKey, travel.Agent.Id, new { dailyBudget = 10_000_000, deniedHosts = new[] { "evil.example" } });
        await SignInAsync(operatorKey);

        await Expect(Page.GetByTestId("total-balance")).ToContainTextAsync("25.00 USDC");
        await Expect(Page.GetByTestId("agent-count")).ToContainTextAsync("1");

        // A new agent: its key is shown once, and it is a working key.
        await Page.GotoAsync("/agents");
        await Page.GetByRole(AriaRole.Link, new() { Name = "New agent" }).ClickAsync();
        await Page.GetByLabel("Name").FillAsync("research-bot");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create agent" }).ClickAsync();
        var key = await Page.GetByTestId("agent-key").InnerTextAsync();
        Assert.StartsWith("igk_", key, StringComparison.Ordinal);
        using (var agent = Platform.Client(key))
        {
            // The key is accepted at once; the wallet answers once the Ledger has opened the new agent's account (a moment later).
            await Eventually.HoldsAsync(async () =>
            {
                using var wallet = await agent.GetAsync("/v1/wallet", Ct);
                Assert.NotEqual(HttpStatusCode.Unauthorized, wallet.StatusCode);
                return wallet.StatusCode == HttpStatusCode.OK;
            }, Ct);
        }
        // Sending the form again (the browser's reload of the answer) creates nothing and shows no key.
        await Page.ReloadAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("sent before");
        Assert.DoesNotContain(key, await Page.ContentAsync(), StringComparison.Ordinal);

        await Page.GotoAsync("/agents");
        var rows = Page.GetByTestId("agents").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(Page.Locator($"tr[data-agent='{travel.Agent.Id}']")).ToContainTextAsync("25.00 USDC");
        await Expect(Page.Locator($"tr[data-agent='{travel.Agent.Id}']")).ToContainTextAsync("of 10.00 USDC");
        await ScreenshotAsync("agents");

        // The agent's page: deposit address, controls, and disabling it.
        await Page.GetByRole(AriaRole.Link, new() { Name = "travel-bot" }).ClickAsync();
        await Expect(Page.GetByTestId("deposit-address")).ToHaveTextAsync(travel.Agent.WalletAddress);
        await Expect(Page.GetByTestId("deposit-qr")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("agent-available")).ToHaveTextAsync("25.00 USDC");
        await Expect(Page.GetByTestId("policy")).ToContainTextAsync("10.00 USDC");
        await Expect(Page.GetByTestId("policy")).ToContainTextAsync("evil.example");
        await ScreenshotAsync("agent");
        // A second key for the agent, shown once; revoked from the list, it opens nothing.
        var keys = Page.GetByTestId("keys").Locator("tbody tr");
        await Expect(keys).ToHaveCountAsync(1);
        await Page.GetByRole(AriaRole.Button, new() { Name = "New key" }).ClickAsync();
        var second = await Page.GetByTestId("new-key").InnerTextAsync();
        Assert.StartsWith("igk_", second, StringComparison.Ordinal);
        await Expect(keys).ToHaveCountAsync(2);
        var secondId = second.Split('_')[1];
        await Page.Locator($"tr[data-key='{secondId}']").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(Page.Locator($"tr[data-key='{secondId}']")).ToContainTextAsync("Revoked");
        using (var revoked = Platform.Client(second))
        using (var refused = await revoked.GetAsync("/v1/wallet", Ct))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Disable travel-bot" }).ClickAsync();
        await Expect(Page.GetByTestId("agent-status")).ToHaveTextAsync("Disabled");
        using (var agent = Platform.Client(operatorKey))
        using (var view = await agent.GetAsync($"/v1/agents/{travel.Agent.Id}", Ct))
            Assert.Contains("\"disabled\":true", await view.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payments_over_the_approval_threshold_are_approved_or_denied_from_the_queue()
    {
        var operatorKey = (await Platform.CreateOperatorAsync()).ApiKey;
        var agent = await Platform.CreateAgentAsync(operatorKey, "shopper");
        await Platform.FundAsync(agent, 10_000_000);
        await Platform.SetPolicyAsync(operatorKey, agent.Agent.Id, new { approvalThreshold = 1_000_000 });
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
        var waiting = new List<Guid>();
        foreach (var (amount, key) in new[] { (2_000_000L, "big-1"), (3_000_000L, "big-2") })
        {
            using var response = await Platform.PayAsync(agent.ApiKey, merchant.Url, merchant.Challenge(amount), key);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            waiting.Add((await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!.PaymentId);
        }

        await SignInAsync(operatorKey);
        await Expect(Page.GetByTestId("pending-approvals")).ToContainTextAsync("2");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
        var rows = Page.GetByTestId("approvals").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("shopper");
        await Expect(rows.First).ToContainTextAsync("2.00 USDC");

        await Page.Locator($"tr[data-payment='{waiting[0]}']").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Approved: 2.00 USDC");
        await Expect(rows).ToHaveCountAsync(1);
        // The saga carries the approval out; once it has, no page lists that payment as waiting.
        await Platform.PaymentReachesAsync(operatorKey, waiting[0], "Authorized");
        await Page.Locator($"tr[data-payment='{waiting[1]}']").GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Denied: 3.00 USDC");
        await Expect(Page.GetByText("Nothing is waiting")).ToBeVisibleAsync();

        await Platform.PaymentReachesAsync(operatorKey, waiting[1], "Denied");
    }

    [Fact]
    public async Task A_payment_an_agents_sdk_waits_on_joins_the_queue_live_and_approving_it_completes_the_call()
    {
        var operatorKey = (await Platform.CreateOperatorAsync()).ApiKey;
        var agent = await Platform.CreateAgentAsync(operatorKey, "careful-bot");
        await Platform.FundAsync(agent, 10_000_000);
        await Platform.SetPolicyAsync(operatorKey, agent.Agent.Id, new { approvalThreshold = 100_000 });
        var merchant = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        await using var api = await PaidApis.StartAsync(Platform, 250_000, merchant);
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey);

        await SignInAsync(operatorKey);
        await Page.GotoAsync("/approvals");
        await Expect(Page.GetByText("Nothing is waiting")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("live-state")).ToHaveTextAsync("live");

        // The agent's call waits for the operator; the open queue shows it without a reload.
        var call = sdk.FetchAsync(new Uri(api.Url(), "/search"), cancellationToken: Ct);
        var rows = Page.GetByTestId("approvals").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("careful-bot");
        await Expect(rows.First).ToContainTextAsync("0.25 USDC");
        Assert.False(call.IsCompleted);
        await ScreenshotAsync("approvals");

        await rows.First.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        using var response = await call;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("results", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(new BigInteger(250_000), await Platform.Token.BalanceOfAsync(merchant, Ct));
        // Carried out, it leaves the queue by itself.
        await Expect(Page.GetByText("Nothing is waiting")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Spending_controls_are_edited_with_the_apis_validation_and_a_change_by_someone_else_is_not_overwritten()
    {
        var operatorKey = (await Platform.CreateOperatorAsync()).ApiKey;
        var agent = await Platform.CreateAgentAsync(operatorKey, "editor-bot");
        // Set through the API: the form shows it, and saving the form keeps it.
        await Platform.SetPolicyAsync(operatorKey, agent.Agent.Id, new { autoTopUp = new { threshold = 1_000_000, target = 5_000_000, dailyMaximum = 20_000_000 } });
        await SignInAsync(operatorKey);
        await Page.GotoAsync($"/agents/{agent.Agent.Id}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Edit controls" }).ClickAsync();

        // What the dashboard cannot read, and what the API refuses, are shown at their fields; nothing is saved.
        await Page.GetByLabel("Daily budget").FillAsync("a lot");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save controls" }).ClickAsync();
        await Expect(Page.GetByText("'a lot' is not an amount of USDC")).ToBeVisibleAsync();
        await Page.GetByLabel("Daily budget").FillAsync("60");
        await Page.GetByLabel("Monthly budget").FillAsync("50");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save controls" }).ClickAsync();
        await Expect(Page.GetByText("The daily budget cannot exceed the monthly budget.")).ToBeVisibleAsync();
        await ScreenshotAsync("policy-validation");
        Assert.Equal(1, (await PolicyAsync(operatorKey, agent.Agent.Id)).GetProperty("version").GetInt32());

        await Page.GetByLabel("Daily budget").FillAsync("5");
        await Page.GetByLabel("Never these hosts").FillAsync("evil.example\nworse.example");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save controls" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved (version 2)");
        var saved = (await PolicyAsync(operatorKey, agent.Agent.Id)).GetProperty("policy");
        Assert.Equal(5_000_000, saved.GetProperty("dailyBudget").GetInt64());
        Assert.Equal(50_000_000, saved.GetProperty("monthlyBudget").GetInt64());
        Assert.Equal(["evil.example", "worse.example"], saved.GetProperty("deniedHosts").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(5_000_000, saved.GetProperty("autoTopUp").GetProperty("target").GetInt64());

        // Automatic top-ups are edited on the form too: the API's rule at its field, then turned off.
        await Page.GetByLabel("Top up to").FillAsync("0.5");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save controls" }).ClickAsync();
        await Expect(Page.GetByText("Must be above the threshold")).ToBeVisibleAsync();
        await Page.GetByLabel("Top up to").FillAsync("");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save controls" }).ClickAsync();
        await Expect(Page.GetByText("Give all three amounts")).ToBeVisibleAsync();
        foreach (var field in new[] { "Top up when available falls below", "At most per day" })
            await Page.GetByLabel(field).FillAsync("");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save controls" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved (version 3)");
        var withoutTopUp = (await PolicyAsync(operatorKey, agent.Agent.Id)).GetProperty("policy");
        Assert.True(!withoutTopUp.TryGetProperty("autoTopUp", out var none) || none.ValueKind == System.Text.Json.JsonValueKind.Null);

        // Someone else changes the controls while the form is open: saving it does not overwrite their change.
        await Platform.SetPolicyAsync(operatorKey, agent.Agent.Id, new { dailyBudget = 7_000_000 });
        await Page.GetByLabel("Most per payment").FillAsync("1");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save controls" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("changed by someone else");
        var kept = await PolicyAsync(operatorKey, agent.Agent.Id);
        Assert.Equal((4, 7_000_000L), (kept.GetProperty("version").GetInt32(), kept.GetProperty("policy").GetProperty("dailyBudget").GetInt64()));
    }

    [Fact]
    public async Task Payments_are_listed_newest_first_filtered_paged_and_shown_with_their_timeline()
    {
        var operatorKey = (await Platform.CreateOperatorAsync()).ApiKey;
        var agent = await Platform.CreateAgentAsync(operatorKey, "payer");
        await Platform.FundAsync(agent, 10_000_000);
        await Platform.SetPolicyAsync(operatorKey, agent.Agent.Id, new { maxPerPayment = 1_000_000 });
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
        using (var paid = await Platform.PayAsync(agent.ApiKey, merchant.Url, merchant.Challenge(250_000), "small"))
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        using (var refused = await Platform.PayAsync(agent.ApiKey, merchant.Url, merchant.Challenge(2_000_000), "too-big"))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // The API the page reads: newest first, paged by cursor, and a clear problem for a bad filter.
        using (var api = Platform.Client(operatorKey))
        {
            var first = await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/payments?limit=1", Ct);
            Assert.Equal("Denied", first.GetProperty("items")[0].GetProperty("status").GetString());
            var next = first.GetProperty("nextBefore").GetString()!;
            var second = await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/payments?limit=1&before={Uri.EscapeDataString(next)}", Ct);
            Assert.Equal(250_000, second.GetProperty("items")[0].GetProperty("amount").GetInt64());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, second.GetProperty("nextBefore").ValueKind);
            // By the address the merchant asked to be paid, in any letter case.
            var byRecipient = await api.GetFromJsonAsync<System.Text.Json.JsonElement>(
                $"/v1/payments?merchant=0x{merchant.Recipient.ToLowerHex()[2..].ToUpperInvariant()}", Ct);
            Assert.Equal(2, byRecipient.GetProperty("items").GetArrayLength());
            using var bad = await api.GetAsync("/v1/payments?status=Lost", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("not a payment status", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        await SignInAsync(operatorKey);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Payments", Exact = true }).ClickAsync();
        var rows = Page.GetByTestId("payments").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("2.00 USDC");
        await Expect(rows.First).ToContainTextAsync("Denied");

        // By merchant: the host the 402 came from (both), another (none).
        await Page.GetByLabel("Merchant").FillAsync(merchant.Url.Host.ToUpperInvariant());
        await Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Page.GetByLabel("Merchant").FillAsync("other.example");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(Page.GetByText("No payments match these filters")).ToBeVisibleAsync();

        await Page.GetByLabel("Merchant").FillAsync("");
        await Page.GetByLabel("Status").SelectOptionAsync("Denied");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await rows.First.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(Page.GetByTestId("payment")).ToContainTextAsync("ExceedsPerPaymentLimit");
        await Expect(Page.GetByTestId("timeline")).ToContainTextAsync("ReservationDenied");
    }

    [Fact]
    public async Task The_payments_page_shows_payments_as_they_happen_and_no_operator_hears_anothers()
    {
        var operatorKey = (await Platform.CreateOperatorAsync()).ApiKey;
        var otherKey = (await Platform.CreateOperatorAsync("Other")).ApiKey;
        var agent = await Platform.CreateAgentAsync(operatorKey, "live-bot");
        await Platform.FundAsync(agent, 10_000_000);
        await using var api = await PaidApis.StartAsync(Platform, 330_000, EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress()));
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey);

        await SignInAsync(operatorKey);
        await Page.GotoAsync("/payments");
        await Expect(Page.GetByTestId("live-state")).ToHaveTextAsync("connected");
        // The other operator's stream, read raw.
        using var other = Platform.Client(otherKey);
        using var otherStream = await other.GetAsync("/v1/payments/events", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal("text/event-stream", otherStream.Content.Headers.ContentType?.MediaType);

        // The agent's own code pays through the SDK.
        Guid paymentId;
        using (var paid = await sdk.FetchAsync(new Uri(api.Url(), "/search"), cancellationToken: Ct))
        {
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
            paymentId = paid.GetPayment()!.Proof.PaymentId!.Value;
        }

        // No reload: the page hears it.
        var live = Page.GetByTestId("live-events").Locator($"li[data-payment='{paymentId}']").First;
        await Expect(live).ToContainTextAsync("0.33 USDC");
        await Expect(live).ToContainTextAsync("live-bot");
        await ScreenshotAsync("payments");

        // Nothing of it reached the other operator.
        await using var body = await otherStream.Content.ReadAsStreamAsync(Ct);
        var buffer = new byte[4096];
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        quiet.CancelAfter(TimeSpan.FromSeconds(2));
        var read = 0;
        try
        {
            read = await body.ReadAsync(buffer, quiet.Token);
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
        }

        Assert.DoesNotContain(paymentId.ToString(), System.Text.Encoding.UTF8.GetString(buffer, 0, read), StringComparison.Ordinal);
    }

    private async Task<System.Text.Json.JsonElement> PolicyAsync(string operatorKey, Guid agentId)
    {
        using var client = Platform.Client(operatorKey);
        return await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/agents/{agentId}/policy", Ct);
    }

    [GeneratedRegex("/signin")]
    private static partial Regex SignInPage();
}
