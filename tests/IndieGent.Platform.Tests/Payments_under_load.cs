using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>Retries and bursts: one charge per Idempotency-Key, never more than the budget.</summary>
public sealed class Payments_under_load(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private Merchant _merchant = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_five_times_at_once_is_one_payment()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 5_000_000);
        var challenge = _merchant.Challenge(1_000_000);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Platform.PayAsync(agent.ApiKey, _merchant.Url, challenge, "retry-me", waitSeconds: 30)));
        var results = new List<PaymentPlatform.PaymentResult>();
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
            results.Add((await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!);
            response.Dispose();
        }

        Assert.Single(results.Select(r => r.PaymentId).Distinct());
        Assert.Single(results.Select(r => r.Authorization).Distinct());
        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(1_000_000, wallet.Pending);
        Assert.Equal(4_000_000, wallet.Available);
        var audit = await Platform.AuditAsync(op.ApiKey, agent.Agent.Id);
        Assert.Single(audit, e => e.Event == "HoldPlaced");
    }

    [Fact]
    public async Task One_key_sent_at_once_with_different_challenges_pays_one_and_refuses_the_others_with_409()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 5_000_000);
        var prices = new long[] { 100_000, 200_000, 300_000, 400_000, 500_000 };

        var responses = await Task.WhenAll(prices.Select(price => Task.Run(async () =>
        {
            using var response = await Platform.PayAsync(agent.ApiKey, _merchant.Url, _merchant.Challenge(price), "one-key", waitSeconds: 30);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(Ct));
        }, Ct)));

        var paid = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Contains("/idempotency-key-reused", r.Body, StringComparison.Ordinal);
        });
        // The answer is the stored payment's: its amount, and a credential for exactly that amount.
        var result = System.Text.Json.JsonSerializer.Deserialize<PaymentPlatform.PaymentResult>(paid.Body,
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(result.Amount, wallet.Pending.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var credential = IndieGent.Payments.Protocol.Mpp.PaymentCredential.Parse(result.Authorization!);
        Assert.Equal(result.Amount, credential.Payload.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Two_hundred_concurrent_payments_against_a_budget_for_forty_approve_exactly_forty()
    {
        const int fits = 40;
        const long price = 10_000;
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 5_000_000);
        await Platform.SetPolicyAsync(op.ApiKey, agent.Agent.Id, new { dailyBudget = fits * price });

        var challenges = Enumerable.Range(0, 200).Select(_ => _merchant.Challenge(price)).ToArray();
        var responses = await Task.WhenAll(challenges.Select((challenge, i) =>
            Platform.PayAsync(agent.ApiKey, _merchant.Url, challenge, $"burst-{i}", waitSeconds: 60)));

        var approved = new List<PaymentPlatform.PaymentResult>();
        var denied = 0;
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.OK)
                approved.Add((await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!);
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, await response.Content.ReadAsStringAsync(Ct));
                Assert.Equal("ExceedsDailyBudget", (await response.Content.ReadFromJsonAsync<PaymentPlatform.Problem>(Ct))!.Reason);
                denied++;
            }
            response.Dispose();
        }

        Assert.Equal(fits, approved.Count);
        Assert.Equal(200 - fits, denied);
        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(fits * price, wallet.Pending);
        Assert.Equal(5_000_000 - fits * price, wallet.Available);

        // Ten of them settle on chain; the ledger follows the chain to the base unit.
        foreach (var payment in approved.Take(10))
            await _merchant.SettleAsync(Platform.Token, payment.Authorization!, Ct);
        await Platform.MineAsync(2);
        foreach (var payment in approved.Take(10))
            await Platform.PaymentReachesAsync(agent.ApiKey, payment.PaymentId, "Settled");
        wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(30 * price, wallet.Pending);
        Assert.Equal(new BigInteger(wallet.Posted),
            await Platform.Token.BalanceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress), Ct));

        // Balanced: every debit has its credit (journal view of the audit trail).
        var audit = await Platform.AuditAsync(op.ApiKey, agent.Agent.Id);
        Assert.Equal(fits, audit.Count(e => e.Event == "HoldPlaced"));
        Assert.Equal(200 - fits, audit.Count(e => e.Event == "ReservationDenied"));
        Assert.Equal(10, audit.Count(e => e.Event == "HoldCaptured"));
    }

    [Fact]
    public async Task An_authorization_the_merchant_never_uses_expires_and_releases_the_hold()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);

        using var response = await Platform.PayAsync(agent.ApiKey, _merchant.Url, _merchant.Challenge(250_000, validFor: TimeSpan.FromSeconds(20)), "unused");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paid = (await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!;
        Assert.Equal(250_000, (await Platform.WalletAsync(agent.ApiKey)).Pending);

        // The chain's clock passes validBefore; only then is the hold released.
        await Platform.AdvanceChainTimeAsync(TimeSpan.FromSeconds(30));
        var expired = await Platform.PaymentReachesAsync(agent.ApiKey, paid.PaymentId, "Expired");
        Assert.Equal("AuthorizationExpired", expired.Reason);
        Assert.Equal("Voided", expired.Hold);
        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(0, wallet.Pending);
        Assert.Equal(1_000_000, wallet.Available);

        // And the token agrees: the authorization can no longer be used.
        await Assert.ThrowsAnyAsync<Exception>(() => _merchant.SettleAsync(Platform.Token, paid.Authorization!, Ct));
    }
}
