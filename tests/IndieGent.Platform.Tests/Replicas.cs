using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>
/// Every service in two instances on one broker and one database each, as a cluster runs them: competing consumers, two
/// sets of chain followers, two Gateways. Each payment is reserved, signed and settled once, each deposit credited once;
/// when the first instance of every service behind the Gateways stops, the others carry on.
/// </summary>
public sealed class Replicas(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil) : PlatformTest(postgres, rabbit, anvil)
{
    private static readonly string[] Behind = ["wallet", "ledger", "settlement", "funding", "marketplace"];

    [Fact]
    public async Task Two_instances_of_every_service_pay_each_payment_once_and_carry_on_when_one_of_each_stops()
    {
        foreach (var service in Behind)
            await Platform.StartReplicaAsync(service);
        var second = await Platform.StartReplicaAsync("gateway");
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);
        var op = await Platform.CreateOperatorAsync();
        PaymentPlatform.AgentCreated[] agents = [await Platform.CreateAgentAsync(op.ApiKey, "left"), await Platform.CreateAgentAsync(op.ApiKey, "right")];
        await Platform.FundAsync(agents, 10_000_000);

        // Through both Gateways at once: the sagas, signers and watchers of both instances share the work.
        var before = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => PayAsync(agents[i % 2], merchant, i, i % 2 == 0 ? "gateway" : second)));
        foreach (var (_, payment) in before)
            await merchant.SettleAsync(Platform.Token, payment.Authorization!, Ct);

        // The first instance of every service behind the Gateways stops; the second Gateway reaches only the replicas.
        foreach (var service in Behind)
            await Platform.StopAsync(service);
        var after = await Task.WhenAll(Enumerable.Range(20, 10).Select(i => PayAsync(agents[i % 2], merchant, i, second)));
        foreach (var (_, payment) in after)
            await merchant.SettleAsync(Platform.Token, payment.Authorization!, Ct);
        await Platform.MineAsync(2);

        var all = before.Concat(after).ToList();
        Assert.Equal(all.Count, all.Select(p => p.Payment.PaymentId).Distinct().Count());
        foreach (var (agent, payment) in all)
        {
            using var client = Platform.Client(agent.ApiKey, second);
            // A liveness bound, not a speed claim: CI runs this beside the chaos test on two cores.
            await Eventually.HoldsAsync(async () =>
                (await client.GetFromJsonAsync<PaymentPlatform.PaymentView>($"/v1/payments/{payment.PaymentId}", Ct))!.Status == "Settled", Ct,
                TimeSpan.FromMinutes(2));
        }

        long paid = 0;
        foreach (var agent in agents)
        {
            using var agentClient = Platform.Client(agent.ApiKey, second);
            var wallet = (await agentClient.GetFromJsonAsync<PaymentPlatform.WalletView>("/v1/wallet", Ct))!;
            var onChain = await Platform.Token.BalanceOfAsync(IndieGent.Chain.EvmAddress.Parse(agent.Agent.WalletAddress), Ct);
            Assert.Equal((long)onChain, wallet.Posted);
            Assert.Equal(0, wallet.Pending);
            paid += 10_000_000 - wallet.Posted;
        }

        Assert.Equal(all.Sum(p => long.Parse(p.Payment.Amount, System.Globalization.CultureInfo.InvariantCulture)), paid);
        Assert.Equal(new BigInteger(paid), await Platform.Token.BalanceOfAsync(merchant.Recipient, Ct));
    }

    private async Task<(PaymentPlatform.AgentCreated Agent, PaymentPlatform.PaymentResult Payment)> PayAsync(PaymentPlatform.AgentCreated agent,
        Merchant merchant, int i, string gateway)
    {
        using var response = await Platform.PayAsync(agent.ApiKey, merchant.Url, merchant.Challenge(10_000 + i), $"replica-{i}", waitSeconds: 30,
            gateway: gateway);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{gateway}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (agent, (await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!);
    }
}
