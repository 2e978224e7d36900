using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IndieGent.Funding.Onramp;
using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>
/// The card on-ramp through Coinbase Onramp (the simulator, in Coinbase's wire format): a session,
/// checkout, webhooks, the delivered USDC credited once — and only from the chain. Webhooks twice,
/// late, out of order, forged, stale, replayed or never sent change nothing of that.
/// </summary>
public sealed class Funding_by_card(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    public sealed record Order(
        Guid Id, Guid AgentId, string Status, string PaymentAmount, string PaymentCurrency, string OnrampUrl, JsonElement? Quote,
        string? PurchaseAmount, string? TxHash, string? DepositId, string? FailureReason);

    private sealed record Faults(bool FailPurchase = false, bool DuplicateWebhooks = false, int WebhookDelayMilliseconds = 0,
        bool OutOfOrder = false, bool SuppressWebhooks = false);

    [Fact]
    public async Task An_operator_buys_USDC_by_card_and_the_delivery_is_credited_once()
    {
        var (op, agent) = await NewAgentAsync();
        var order = await OrderAsync(op.ApiKey, agent.Agent.Id, "25.00", "key-1", HttpStatusCode.Created);
        Assert.Equal(("created", "25.00", "USD"), (order.Status, order.PaymentAmount, order.PaymentCurrency));
        Assert.StartsWith(Platform.OnrampAddress.AbsoluteUri, order.OnrampUrl, StringComparison.Ordinal);
        Assert.NotNull(order.Quote);

        // The same request again is the same order; the same key for another amount is a conflict.
        Assert.Equal(order.Id, (await OrderAsync(op.ApiKey, agent.Agent.Id, "25.00", "key-1", HttpStatusCode.OK)).Id);
        await ExpectProblemAsync(await PostOrderAsync(op.ApiKey, agent.Agent.Id, new { amount = "30.00", currency = "USD" }, "key-1"),
            HttpStatusCode.Conflict, "idempotency-key-reused");

        await PayAsync(order);
        var completed = await OrderReachesAsync(op.ApiKey, order, "completed");
        var units = (long)(decimal.Parse(completed.PurchaseAmount!, CultureInfo.InvariantCulture) * 1_000_000m);
        Assert.True(units > 0);
        await AssertCreditedOnceAsync(op.ApiKey, agent, completed, units);
    }

    [Fact]
    public async Task An_operator_funds_its_treasury_by_card()
    {
        var op = await Platform.CreateOperatorAsync();
        using var client = Platform.Client(op.ApiKey);
        // Funding hears of the treasury on its own queue.
        await Eventually.HoldsAsync(async () => (await client.GetAsync("/v1/treasury/funding", Ct)).IsSuccessStatusCode, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/treasury/funding/onramp")
        {
            Content = JsonContent.Create(new { amount = "30.00", currency = "USD" }),
        };
        request.Headers.Add("Idempotency-Key", "treasury-1");
        using var created = await client.SendAsync(request, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var order = (await created.Content.ReadFromJsonAsync<Order>(Ct))!;
        Assert.Equal($"/v1/treasury/funding/onramp/{order.Id}", created.Headers.Location?.OriginalString);

        await PayAsync(order);
        Order? completed = null;
        await Eventually.HoldsAsync(async () =>
            (completed = await client.GetFromJsonAsync<Order>($"/v1/treasury/funding/onramp/{order.Id}", Ct))!.Status == "completed", Ct);
        var units = (long)(decimal.Parse(completed!.PurchaseAmount!, CultureInfo.InvariantCulture) * 1_000_000m);
        await Eventually.HoldsAsync(async () =>
            (await client.GetFromJsonAsync<JsonElement>("/v1/treasury", Ct)).GetProperty("available").GetInt64() == units, Ct);

        // Another operator sees neither the order nor the treasury's.
        var stranger = await Platform.CreateOperatorAsync("Stranger");
        using var strangerClient = Platform.Client(stranger.ApiKey);
        await Eventually.HoldsAsync(async () => (await strangerClient.GetAsync("/v1/treasury/funding", Ct)).IsSuccessStatusCode, Ct);
        await ExpectProblemAsync(await strangerClient.GetAsync($"/v1/treasury/funding/onramp/{order.Id}", Ct), HttpStatusCode.NotFound, "order-not-found");
        // The treasury is no agent: its id under /v1/agents is not found, even for its own operator.
        var treasuryId = (await client.GetFromJsonAsync<JsonElement>("/v1/treasury", Ct)).GetProperty("treasuryId").GetGuid();
        await ExpectProblemAsync(await client.GetAsync($"/v1/agents/{treasuryId}/funding", Ct), HttpStatusCode.NotFound, "agent-not-found");
    }

    [Theory]
    [InlineData(true, false, 0)]
    [InlineData(false, true, 0)]
    [InlineData(true, true, 1500)]
    public async Task Webhooks_twice_out_of_order_or_late_credit_once(bool duplicate, bool outOfOrder, int delayMs)
    {
        var (op, agent) = await NewAgentAsync();
        var order = await OrderAsync(op.ApiKey, agent.Agent.Id, "10.00", "key", HttpStatusCode.Created);
        await SetFaultsAsync(order, new Faults(DuplicateWebhooks: duplicate, OutOfOrder: outOfOrder, WebhookDelayMilliseconds: delayMs));
        await PayAsync(order);
        var completed = await OrderReachesAsync(op.ApiKey, order, "completed");
        await AssertCreditedOnceAsync(op.ApiKey, agent, completed, (long)(decimal.Parse(completed.PurchaseAmount!, CultureInfo.InvariantCulture) * 1_000_000m));
    }

    [Fact]
    public async Task Without_a_webhook_the_order_is_completed_by_polling_Coinbase()
    {
        var (op, agent) = await NewAgentAsync();
        var order = await OrderAsync(op.ApiKey, agent.Agent.Id, "10.00", "key", HttpStatusCode.Created);
        await SetFaultsAsync(order, new Faults(SuppressWebhooks: true));
        await PayAsync(order);
        var completed = await OrderReachesAsync(op.ApiKey, order, "completed");
        await AssertCreditedOnceAsync(op.ApiKey, agent, completed, (long)(decimal.Parse(completed.PurchaseAmount!, CultureInfo.InvariantCulture) * 1_000_000m));
    }

    [Fact]
    public async Task A_failed_purchase_credits_nothing()
    {
        var (op, agent) = await NewAgentAsync();
        var order = await OrderAsync(op.ApiKey, agent.Agent.Id, "10.00", "key", HttpStatusCode.Created);
        await SetFaultsAsync(order, new Faults(FailPurchase: true));
        await PayAsync(order);
        var failed = await OrderReachesAsync(op.ApiKey, order, "failed");
        Assert.NotNull(failed.FailureReason);
        await Platform.MineAsync(2);
        Assert.Equal(0, (await Platform.WalletAsync(agent.ApiKey)).Available);
    }

    [Fact]
    public async Task Forged_stale_and_replayed_webhooks_record_nothing_and_a_success_without_a_deposit_credits_nothing()
    {
        var (op, agent) = await NewAgentAsync();
        var order = await OrderAsync(op.ApiKey, agent.Agent.Id, "10.00", "key", HttpStatusCode.Created);
        var partnerUserRef = "sandbox-" + order.Id.ToString("N");
        var txHash = "0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var body = JsonSerializer.Serialize(new
        {
            eventType = "onramp.transaction.success",
            transactionId = Guid.NewGuid().ToString(),
            status = "ONRAMP_TRANSACTION_STATUS_SUCCESS",
            purchaseAmount = new { currency = "USDC", value = "9.800000" },
            txHash,
            walletAddress = agent.Agent.WalletAddress,
            partnerUserRef,
        });
        var eventId = Guid.NewGuid().ToString();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        await ExpectProblemAsync(await WebhookAsync(body, eventId, null), HttpStatusCode.Unauthorized, "webhook-signature-invalid");
        await ExpectProblemAsync(await WebhookAsync(body, eventId, Sign(body, eventId, now, "not-the-secret")), HttpStatusCode.Unauthorized,
            "webhook-signature-invalid");
        await ExpectProblemAsync(await WebhookAsync(body, eventId, Sign(body, eventId, now - 600, Platform.OnrampWebhookSecret)),
            HttpStatusCode.Unauthorized, "webhook-signature-invalid");
        // A signature over another body.
        await ExpectProblemAsync(await WebhookAsync(body.Replace("9.800000", "98.000000", StringComparison.Ordinal), eventId,
            Sign(body, eventId, now, Platform.OnrampWebhookSecret)), HttpStatusCode.Unauthorized, "webhook-signature-invalid");
        Assert.Equal("created", (await OrderOfAsync(op.ApiKey, order)).Status);

        // Genuine, but Coinbase's transaction never reaches the wallet: the order waits for the chain, nothing is credited.
        using (var genuine = await WebhookAsync(body, eventId, Sign(body, eventId, now, Platform.OnrampWebhookSecret)))
            Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        using (var replayed = await WebhookAsync(body, eventId, Sign(body, eventId, now + 1, Platform.OnrampWebhookSecret)))
        {
            Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
            Assert.Contains("duplicate", await replayed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var awaiting = await OrderOfAsync(op.ApiKey, order);
        Assert.Equal(("awaiting-chain", txHash), (awaiting.Status, awaiting.TxHash));
        await Platform.MineAsync(3);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Equal("awaiting-chain", (await OrderOfAsync(op.ApiKey, order)).Status);
        Assert.Equal(0, (await Platform.WalletAsync(agent.ApiKey)).Available);
    }

    [Theory]
    [InlineData("abc", "USD", 400, "invalid-amount")]
    [InlineData("10.001", "USD", 400, "invalid-amount")]
    [InlineData("10.00", "XYZ", 400, "unsupported-currency")]
    [InlineData("0.50", "USD", 422, "amount-out-of-range")]
    [InlineData("1000000.00", "USD", 422, "amount-out-of-range")]
    public async Task A_bad_order_is_a_problem(string amount, string currency, int status, string type)
    {
        var (op, agent) = await NewAgentAsync();
        await ExpectProblemAsync(await PostOrderAsync(op.ApiKey, agent.Agent.Id, new { amount, currency }, "key"), (HttpStatusCode)status, type);
        await ExpectProblemAsync(await PostOrderAsync(op.ApiKey, agent.Agent.Id, new { amount = "10.00", currency = "USD" }, null),
            HttpStatusCode.BadRequest, "idempotency-key-required");
        // An agent cannot buy for itself, and another operator's agent is not found.
        await ExpectProblemAsync(await PostOrderAsync(agent.ApiKey, agent.Agent.Id, new { amount = "10.00", currency = "USD" }, "key"),
            HttpStatusCode.NotFound, "agent-not-found");
    }

    private async Task<(PaymentPlatform.OperatorCreated, PaymentPlatform.AgentCreated)> NewAgentAsync()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        // Funding hears of the agent on its own queue.
        using var client = Platform.Client(op.ApiKey);
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await client.GetAsync($"/v1/agents/{agent.Agent.Id}/funding", Ct);
            return response.IsSuccessStatusCode;
        }, Ct);
        return (op, agent);
    }

    private async Task<HttpResponseMessage> PostOrderAsync(string key, Guid agentId, object body, string? idempotencyKey)
    {
        using var client = Platform.Client(key);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/agents/{agentId}/funding/onramp") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request, Ct);
    }

    private async Task<Order> OrderAsync(string key, Guid agentId, string amount, string idempotencyKey, HttpStatusCode expected)
    {
        using var response = await PostOrderAsync(key, agentId, new { amount, currency = "USD" }, idempotencyKey);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<Order>(Ct))!;
    }

    private async Task<Order> OrderOfAsync(string key, Order order)
    {
        using var client = Platform.Client(key);
        return (await client.GetFromJsonAsync<Order>($"/v1/agents/{order.AgentId}/funding/onramp/{order.Id}", Ct))!;
    }

    private async Task<Order> OrderReachesAsync(string key, Order order, string status)
    {
        Order? current = null;
        await Eventually.HoldsAsync(async () => (current = await OrderOfAsync(key, order)).Status == status, Ct);
        return current!;
    }

    private static string SessionOf(Order order) => new Uri(order.OnrampUrl).Segments[^1];

    // Checkout: what the operator's "Pay" does in the simulator's page.
    private async Task PayAsync(Order order)
    {
        using var simulator = new HttpClient { BaseAddress = Platform.OnrampAddress };
        using var response = await simulator.PostAsJsonAsync($"/simulator/sessions/{SessionOf(order)}/pay", new { }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        // The delivery is mined; the chain moves on past its confirmations (nothing else mines here).
        await Platform.MineAsync(2);
    }

    private async Task SetFaultsAsync(Order order, Faults faults)
    {
        using var simulator = new HttpClient { BaseAddress = Platform.OnrampAddress };
        using var response = await simulator.PutAsJsonAsync($"/simulator/sessions/{SessionOf(order)}/faults", faults, Ct);
        response.EnsureSuccessStatusCode();
    }

    private async Task AssertCreditedOnceAsync(string operatorKey, PaymentPlatform.AgentCreated agent, Order completed, long units)
    {
        Assert.NotNull(completed.DepositId);
        Assert.Contains(completed.TxHash!, completed.DepositId, StringComparison.Ordinal);
        await Eventually.HoldsAsync(async () => (await Platform.WalletAsync(agent.ApiKey)).Available == units, Ct);
        await Platform.MineAsync(3);
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        Assert.Equal(units, (await Platform.WalletAsync(agent.ApiKey)).Available);
        var credits = (await Platform.AuditAsync(operatorKey, agent.Agent.Id)).Where(e => e.Event == "FundsCredited").ToList();
        Assert.Equal(completed.TxHash, Assert.Single(credits).TxHash);
        // The chain agrees with the ledger.
        Assert.Equal(units, (long)await Platform.Token.BalanceOfAsync(IndieGent.Chain.EvmAddress.Parse(agent.Agent.WalletAddress), Ct));
    }

    private async Task<HttpResponseMessage> WebhookAsync(string body, string eventId, string? signature)
    {
        using var client = Platform.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/coinbase/onramp")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Event-Id", eventId);
        request.Headers.Add("X-Event-Type", "onramp.transaction.success");
        if (signature is not null)
            request.Headers.Add("X-Hook0-Signature", signature);
        return await client.SendAsync(request, Ct);
    }

    private static string Sign(string body, string eventId, long unix, string secret) =>
        Hook0Signature.Sign(unix, [("content-type", "application/json"), ("x-event-id", eventId), ("x-event-type", "onramp.transaction.success")],
            Encoding.UTF8.GetBytes(body), secret);

    private static async Task ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
            Assert.Contains($"/problems/{type}\"", text, StringComparison.Ordinal);
        }
    }
}
