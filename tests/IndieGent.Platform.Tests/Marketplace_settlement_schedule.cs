using System.Net;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>
/// Left to its schedule (no admin run), the Ledger sweeps the agents' captured calls and pays the
/// providers out on its own, and the books equal the chain afterwards.
/// </summary>
public sealed class Marketplace_settlement_schedule(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private const long Price = 20_000;

    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["MarketplaceSettlement:Scheduled"] = "true",
        ["MarketplaceSettlement:SweepInterval"] = "00:00:02",
        ["MarketplaceSettlement:SweepMinimum"] = "1",
        ["MarketplaceSettlement:PayoutInterval"] = "00:00:03",
        ["MarketplaceSettlement:PayoutMinimum"] = "1",
    };

    [Fact]
    public async Task Sweeps_and_payouts_run_on_their_own_and_the_books_equal_the_chain()
    {
        var providers = await Platform.CreateOperatorAsync("Provider Inc");
        var payout = EvmAddress.Parse(Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress());
        var provider = await Platform.CreateProviderAsync(providers.ApiKey, payout.ToLowerHex());
        await using var upstream = await MarketplaceProvider.StartAsync(Platform.GatewayAddress, provider.Id, Platform.Logs);
        await Platform.PutServiceAsync(providers.ApiKey, "scheduled-svc", new
        {
            providerId = provider.Id, name = "Scheduled", category = "testing", description = "Answers what it received.",
            baseUrl = upstream.BaseUrl, price = Price.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var customer = await Platform.CreateOperatorAsync("Customer");
        var agent = await Platform.CreateAgentAsync(customer.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);

        for (var i = 0; i < 3; i++)
        {
            using var response = await Platform.CallAsync(agent.ApiKey, "scheduled-svc", "echo/" + i);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Nobody starts a run: the schedule sweeps the agent and pays the provider.
        await Eventually.HoldsAsync(async () => await Platform.Token.BalanceOfAsync(payout, Ct) == new BigInteger(3 * Price), Ct,
            TimeSpan.FromSeconds(90));
        // The chain pays first; the books follow once the payout's confirmation reaches the Ledger.
        PaymentPlatform.Settlement settlement = null!;
        await Eventually.HoldsAsync(async () => (settlement = await Platform.SettlementAsync()).PaidOut == 3 * Price, Ct);
        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(0, wallet.MarketplaceUnswept);
        Assert.Equal(new BigInteger(wallet.Posted), await Platform.Token.BalanceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress), Ct));
        Assert.Equal((3 * Price, 3 * Price, 0L), (settlement.Swept, settlement.PaidOut, settlement.Held));
        Assert.Equal(BigInteger.Zero, await Platform.Token.BalanceOfAsync(EvmAddress.Parse(settlement.SettlementWallet!), Ct));
        Assert.All(await Platform.SettlementTransfersAsync(), t => Assert.Equal("completed", t.Status));
    }
}
