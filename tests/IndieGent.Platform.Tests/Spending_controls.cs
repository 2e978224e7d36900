using System.Net;
using System.Net.Http.Json;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>Every spending rule refuses with its own reason; over the threshold, the operator decides.</summary>
public sealed class Spending_controls(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private Merchant _merchant = null!;
    private PaymentPlatform.OperatorCreated _operator = null!;
    private PaymentPlatform.AgentCreated _agent = null!;

    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string> { ["Gateway:ApiKeyCacheDuration"] = "00:00:00" };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
        _operator = await Platform.CreateOperatorAsync();
        _agent = await Platform.CreateAgentAsync(_operator.ApiKey);
        await Platform.FundAsync(_agent, 10_000_000);
    }

    private static object Policy(long? maxPerPayment = null, long? dailyBudget = null, long? monthlyBudget = null,
        string[]? allowedRecipients = null, string[]? deniedRecipients = null, string[]? allowedHosts = null, string[]? deniedHosts = null,
        long? approvalThreshold = null) =>
        new { maxPerPayment, dailyBudget, monthlyBudget, allowedRecipients, deniedRecipients, allowedHosts, deniedHosts, approvalThreshold };

    public static TheoryData<string, int, string> Rules() => new()
    {
        { "per-payment", 403, "ExceedsPerPaymentLimit" },
        { "daily", 403, "ExceedsDailyBudget" },
        { "monthly", 403, "ExceedsMonthlyBudget" },
        { "recipient-denied", 403, "RecipientDenied" },
        { "recipient-not-allowed", 403, "RecipientNotAllowed" },
        { "host-denied", 403, "HostDenied" },
        { "host-not-allowed", 403, "HostNotAllowed" },
        { "balance", 402, "InsufficientFunds" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Each_rule_denies_with_its_own_reason(string rule, int status, string reason)
    {
        var other = EvmAddress.Parse(Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress()).ToLowerHex();
        var recipient = _merchant.Recipient.ToLowerHex();
        var (policy, amount) = rule switch
        {
            "per-payment" => (Policy(maxPerPayment: 1_000_000), 1_500_000L),
            "daily" => (Policy(dailyBudget: 1_000_000), 1_500_000L),
            "monthly" => (Policy(monthlyBudget: 1_000_000), 1_500_000L),
            "recipient-denied" => (Policy(deniedRecipients: [recipient]), 1_000L),
            "recipient-not-allowed" => (Policy(allowedRecipients: [other]), 1_000L),
            "host-denied" => (Policy(deniedHosts: ["merchant.test"]), 1_000L),
            "host-not-allowed" => (Policy(allowedHosts: ["elsewhere.test"]), 1_000L),
            _ => (Policy(), 20_000_000L),
        };
        await Platform.SetPolicyAsync(_operator.ApiKey, _agent.Agent.Id, policy);

        using var response = await Platform.PayAsync(_agent.ApiKey, _merchant.Url, _merchant.Challenge(amount), $"deny-{rule}");
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<PaymentPlatform.Problem>(Ct))!;
        Assert.Equal(reason, problem.Reason);
        Assert.EndsWith("/" + string.Concat(reason.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString())),
            problem.Type);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));

        // Nothing is held, and the refusal is in the audit trail with its reason.
        var wallet = await Platform.WalletAsync(_agent.ApiKey);
        Assert.Equal(0, wallet.Pending);
        Assert.Equal(10_000_000, wallet.Available);
        var audit = await Platform.AuditAsync(_operator.ApiKey, _agent.Agent.Id);
        Assert.Contains(audit, e => e.Event == "ReservationDenied" && e.PaymentId == problem.PaymentId && e.Detail!.StartsWith(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_payment_over_the_approval_threshold_waits_then_the_operator_approves_it()
    {
        await Platform.SetPolicyAsync(_operator.ApiKey, _agent.Agent.Id, Policy(approvalThreshold: 1_000_000));

        using var response = await Platform.PayAsync(_agent.ApiKey, _merchant.Url, _merchant.Challenge(2_000_000), "big-approved");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var waiting = (await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!;
        Assert.Equal("AwaitingApproval", waiting.Status);
        Assert.Null(waiting.Authorization);
        Assert.Equal(2_000_000, (await Platform.WalletAsync(_agent.ApiKey)).Pending);

        using var operatorClient = Platform.Client(_operator.ApiKey);
        var approvals = await operatorClient.GetFromJsonAsync<List<PaymentPlatform.PaymentView>>("/v1/approvals", Ct);
        Assert.Contains(approvals!, a => a.Id == waiting.PaymentId);
        // The agent cannot approve its own payment.
        using (var agentClient = Platform.Client(_agent.ApiKey))
        using (var selfApproval = await agentClient.PostAsync($"/v1/payments/{waiting.PaymentId}/approve", null, Ct))
            Assert.Equal(HttpStatusCode.Forbidden, selfApproval.StatusCode);

        using (var approve = await operatorClient.PostAsync($"/v1/payments/{waiting.PaymentId}/approve", null, Ct))
            Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        var authorized = await Platform.PaymentReachesAsync(_agent.ApiKey, waiting.PaymentId, "Authorized");
        Assert.StartsWith("Payment ", authorized.Credential);

        // The agent asking again with the same key now gets the credential.
        using var again = await Platform.PayAsync(_agent.ApiKey, _merchant.Url, _merchant.Challenge(2_000_000), "big-approved");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode); // a new challenge under an old key is another payment
        await _merchant.SettleAsync(Platform.Token, authorized.Credential!, Ct);
        await Platform.MineAsync(2);
        await Platform.PaymentReachesAsync(_agent.ApiKey, waiting.PaymentId, "Settled");
        Assert.Equal(8_000_000, (await Platform.WalletAsync(_agent.ApiKey)).Posted);
    }

    [Fact]
    public async Task A_payment_over_the_approval_threshold_waits_then_the_operator_denies_it()
    {
        await Platform.SetPolicyAsync(_operator.ApiKey, _agent.Agent.Id, Policy(approvalThreshold: 1_000_000));

        using var response = await Platform.PayAsync(_agent.ApiKey, _merchant.Url, _merchant.Challenge(2_000_000), "big-denied");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var waiting = (await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!;

        using var operatorClient = Platform.Client(_operator.ApiKey);
        using (var deny = await operatorClient.PostAsync($"/v1/payments/{waiting.PaymentId}/deny", null, Ct))
            Assert.Equal(HttpStatusCode.Accepted, deny.StatusCode);
        var denied = await Platform.PaymentReachesAsync(_agent.ApiKey, waiting.PaymentId, "Denied");
        Assert.Equal("RejectedByOperator", denied.Reason);
        Assert.Equal("Voided", denied.Hold);
        Assert.Null(denied.Credential);
        var wallet = await Platform.WalletAsync(_agent.ApiKey);
        Assert.Equal(0, wallet.Pending);
        Assert.Equal(10_000_000, wallet.Available);

        // Deciding twice is refused.
        using var twice = await operatorClient.PostAsync($"/v1/payments/{waiting.PaymentId}/approve", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task A_disabled_agent_can_no_longer_pay_and_its_account_says_so()
    {
        using var operatorClient = Platform.Client(_operator.ApiKey);
        using (var disable = await operatorClient.PostAsync($"/v1/agents/{_agent.Agent.Id}/disable", null, Ct))
            Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        await Eventually.HoldsAsync(async () =>
            (await Platform.AuditAsync(_operator.ApiKey, _agent.Agent.Id)).Any(e => e.Event == "AccountDisabled"), Ct);

        using var response = await Platform.PayAsync(_agent.ApiKey, _merchant.Url, _merchant.Challenge(1_000), "after-disable");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("other-chain")]
    [InlineData("garbage")]
    [InlineData("above-maximum")]
    [InlineData("no-idempotency-key")]
    public async Task A_challenge_that_cannot_be_paid_is_a_clear_problem(string kind)
    {
        var challenge = kind switch
        {
            "expired" => _merchant.Challenge(1_000, validFor: TimeSpan.FromSeconds(-1)),
            "other-chain" => new Merchant(Platform.Token.Address, 8453).Challenge(1_000),
            "garbage" => "Payment id=\"x\", realm=, method=\"evm\"",
            _ => _merchant.Challenge(5_000),
        };
        using var response = kind == "no-idempotency-key"
            ? await Platform.Client(_agent.ApiKey).PostAsJsonAsync("/v1/payments", new { url = _merchant.Url, wwwAuthenticate = new[] { challenge } }, Ct)
            : await Platform.PayAsync(_agent.ApiKey, _merchant.Url, challenge, $"bad-{kind}", maxAmount: kind == "above-maximum" ? "4999" : null);
        var (status, type) = kind switch
        {
            "expired" => (422, "challenge-expired"),
            "other-chain" => (422, "unsupported-challenge"),
            "garbage" => (400, "invalid-challenge"),
            "above-maximum" => (422, "price-above-maximum"),
            _ => (400, "idempotency-key-required"),
        };
        Assert.Equal(status, (int)response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<PaymentPlatform.Problem>(Ct))!;
        Assert.EndsWith("/" + type, problem.Type);
        Assert.Equal(0, (await Platform.WalletAsync(_agent.ApiKey)).Pending);
    }
}
