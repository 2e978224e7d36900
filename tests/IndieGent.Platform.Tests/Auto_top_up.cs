using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>
/// Auto-top-up from the operator's treasury: a burst of payments crosses the threshold once and
/// starts one top-up; the daily maximum holds; an empty treasury fails the top-up and the agent goes
/// on with what it has. Every step is in the agent's audit trail.
/// </summary>
public sealed class Auto_top_up(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private sealed record Treasury(Guid TreasuryId, string Address, long Available);

    private Merchant _merchant = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
    }

    private static object Rule(long threshold, long target, long dailyMaximum) =>
        new { autoTopUp = new { threshold, target, dailyMaximum } };

    [Fact]
    public async Task A_hundred_concurrent_payments_cross_the_threshold_once_and_one_top_up_refills_the_agent()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        var treasury = await FundTreasuryAsync(op.ApiKey, 50_000_000);
        await Platform.FundAsync(agent, 10_000_000);
        await Platform.SetPolicyAsync(op.ApiKey, agent.Agent.Id, Rule(threshold: 5_000_000, target: 10_000_000, dailyMaximum: 20_000_000));

        var payments = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await Platform.PayAsync(agent.ApiKey, _merchant.Url, _merchant.Challenge(60_000), $"burst-{i}");
            return response.StatusCode;
        }));
        // Each is reserved at once; beyond the Gateway's waiting places some are answered 202 and settle on.
        Assert.All(payments, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.Accepted }));

        var audit = await Platform.AuditAsync(op.ApiKey, agent.Agent.Id);
        var triggered = Assert.Single(audit, e => e.Event == "TopUpTriggered");
        // The crossing payment left less than 5 USDC: the top-up brings it back to 10.
        Assert.InRange(triggered.Amount!.Value, 5_000_001, 5_060_000);
        await Eventually.HoldsAsync(async () => (await Platform.AuditAsync(op.ApiKey, agent.Agent.Id)).Any(e => e.Event == "TopUpSettled"), Ct);
        await Platform.MineAsync(2);
        // 10 in, 6 held for the burst, the top-up credited once its deposit is confirmed.
        await Eventually.HoldsAsync(async () => (await Platform.WalletAsync(agent.ApiKey)).Available == 4_000_000 + triggered.Amount, Ct);
        Assert.Equal(treasury.Available - triggered.Amount, (await TreasuryAsync(op.ApiKey)).Available);
        Assert.Single(await Platform.AuditAsync(op.ApiKey, agent.Agent.Id), e => e.Event == "TopUpTriggered");
        // The operator's transfer list shows it as the top-up it was.
        using var client = Platform.Client(op.ApiKey);
        var transfers = await client.GetFromJsonAsync<List<TopUpTransfer>>($"/v1/agents/{agent.Agent.Id}/funding/transfers", Ct);
        Assert.Equal([("to-agent", "auto-top-up", triggered.Amount.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            transfers!.Select(t => (t.Direction, t.Origin, t.Amount)));
    }

    private sealed record TopUpTransfer(Guid Id, string Direction, string Amount, string Status, string Origin);

    [Fact]
    public async Task The_daily_maximum_holds_and_a_crossing_beyond_it_is_skipped()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await FundTreasuryAsync(op.ApiKey, 50_000_000);
        await Platform.FundAsync(agent, 10_000_000);
        await Platform.SetPolicyAsync(op.ApiKey, agent.Agent.Id, Rule(threshold: 5_000_000, target: 10_000_000, dailyMaximum: 5_000_000));

        await PayAsync(agent, 6_000_000, "first");
        var first = Assert.Single(await Platform.AuditAsync(op.ApiKey, agent.Agent.Id), e => e.Event == "TopUpTriggered");
        Assert.Equal(5_000_000, first.Amount);
        await Eventually.HoldsAsync(async () => (await Platform.AuditAsync(op.ApiKey, agent.Agent.Id)).Any(e => e.Event == "TopUpSettled"), Ct);
        await Platform.MineAsync(2);
        await Eventually.HoldsAsync(async () => (await Platform.WalletAsync(agent.ApiKey)).Available == 9_000_000, Ct);

        await PayAsync(agent, 5_000_000, "second");
        var audit = await Platform.AuditAsync(op.ApiKey, agent.Agent.Id);
        Assert.Single(audit, e => e.Event == "TopUpTriggered");
        Assert.Single(audit, e => e.Event == "TopUpSkipped");
    }

    [Fact]
    public async Task An_empty_treasury_fails_the_top_up_and_the_agent_keeps_paying()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await TreasuryAsync(op.ApiKey);
        await Platform.FundAsync(agent, 10_000_000);
        await Platform.SetPolicyAsync(op.ApiKey, agent.Agent.Id, Rule(threshold: 5_000_000, target: 10_000_000, dailyMaximum: 20_000_000));

        await PayAsync(agent, 6_000_000, "crossing");
        await Eventually.HoldsAsync(async () => (await Platform.AuditAsync(op.ApiKey, agent.Agent.Id))
            .Any(e => e.Event == "TopUpFailed" && e.Detail!.Contains("treasury-insufficient-funds", StringComparison.Ordinal)), Ct);

        await PayAsync(agent, 1_000_000, "after");
        Assert.Equal(3_000_000, (await Platform.WalletAsync(agent.ApiKey)).Available);
        Assert.Equal(0, (await TreasuryAsync(op.ApiKey)).Available);
    }

    private async Task PayAsync(PaymentPlatform.AgentCreated agent, long amount, string key)
    {
        using var response = await Platform.PayAsync(agent.ApiKey, _merchant.Url, _merchant.Challenge(amount), key);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<Treasury> TreasuryAsync(string operatorKey)
    {
        using var client = Platform.Client(operatorKey);
        Treasury? treasury = null;
        // The treasury's ledger account opens when the Ledger hears of it.
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await client.GetAsync("/v1/treasury", Ct);
            return response.IsSuccessStatusCode && (treasury = await response.Content.ReadFromJsonAsync<Treasury>(Ct)) is not null;
        }, Ct);
        return treasury!;
    }

    private async Task<Treasury> FundTreasuryAsync(string operatorKey, long amount)
    {
        var treasury = await TreasuryAsync(operatorKey);
        using var client = Platform.Client(operatorKey);
        // Settlement watches the treasury's address once Funding lists it.
        await Eventually.HoldsAsync(async () => (await client.GetAsync("/v1/treasury/funding", Ct)).IsSuccessStatusCode, Ct);
        await Platform.Token.MintAsync(EvmAddress.Parse(treasury.Address), new BigInteger(amount), Ct);
        await Platform.MineAsync(2);
        await Eventually.HoldsAsync(async () => (await TreasuryAsync(operatorKey)).Available == treasury.Available + amount, Ct);
        return await TreasuryAsync(operatorKey);
    }
}
