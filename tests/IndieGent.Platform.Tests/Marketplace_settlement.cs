using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>
/// The on-chain half of marketplace settlement: calls are settled inside the ledger; a sweep moves
/// each agent's captured calls out of its wallet to the marketplace settlement wallet in one relayed
/// transfer, a payout pays each provider what its swept calls earned in one relayed transfer, and
/// at every step the books equal the chain — agent on chain = posted + unswept; provider earned =
/// paid out + payable; settlement wallet on chain = swept − paid out — even when Settlement dies in
/// the middle, and when a reorganisation takes a confirmed sweep and payout back.
/// </summary>
public sealed class Marketplace_settlement(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private const long PriceA = 10_000;
    private const long PriceB = 25_000;
    private const long Funding = 1_000_000;

    private sealed record Payout(Guid Id, long Amount, string TxHash, long BlockNumber);

    private sealed record ProviderEarnings(long ChargedCalls, long Earned, long PaidOut, long Payable, List<Payout> Payouts);

    private sealed record ProviderWithEarnings(Guid Id, ProviderEarnings Earnings);

    private PaymentPlatform.OperatorCreated _providers = null!;
    private (PaymentPlatform.ProviderCreated Provider, MarketplaceProvider Upstream) _a;
    private (PaymentPlatform.ProviderCreated Provider, MarketplaceProvider Upstream) _b;
    private PaymentPlatform.OperatorCreated _customer = null!;

    // A chain of the class's own: one test takes it back in a reorganisation.
    protected override bool OwnChain => true;

    // A sweep is worth a transaction from 0.03 USDC, a payout from 0.05 USDC (runs below override it).
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["MarketplaceSettlement:SweepMinimum"] = "30000",
        ["MarketplaceSettlement:PayoutMinimum"] = "50000",
    };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _providers = await Platform.CreateOperatorAsync("Provider Inc");
        _a = await ListAsync("svc-a", PriceA);
        _b = await ListAsync("svc-b", PriceB);
        _customer = await Platform.CreateOperatorAsync("Customer");
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var upstream in new[] { _a.Upstream, _b.Upstream })
        {
            if (upstream is not null)
                await upstream.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private async Task<(PaymentPlatform.ProviderCreated, MarketplaceProvider)> ListAsync(string slug, long price)
    {
        var provider = await Platform.CreateProviderAsync(_providers.ApiKey,
            EvmAddress.Parse(Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress()).ToLowerHex(), slug + " Inc");
        var upstream = await MarketplaceProvider.StartAsync(Platform.GatewayAddress, provider.Id, Platform.Logs);
        await Platform.PutServiceAsync(_providers.ApiKey, slug, new
        {
            providerId = provider.Id,
            name = slug,
            category = "testing",
            description = "Answers what it received.",
            baseUrl = upstream.BaseUrl,
            price = price.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return (provider, upstream);
    }

    private async Task<PaymentPlatform.AgentCreated> FundedAgentAsync(string name)
    {
        var agent = await Platform.CreateAgentAsync(_customer.ApiKey, name);
        await Platform.FundAsync(agent, Funding);
        return agent;
    }

    private async Task CallAsync(PaymentPlatform.AgentCreated agent, string slug, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var response = await Platform.CallAsync(agent.ApiKey, slug, "echo/" + i, $"{slug}-{Guid.NewGuid():N}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("captured", response.Headers.GetValues("IndieGent-Charge-Status").Single());
        }
    }

    private Task<BigInteger> OnChainAsync(string address) => Platform.Token.BalanceOfAsync(EvmAddress.Parse(address), Ct);

    /// <summary>Agent on chain = ledger posted + marketplace unswept.</summary>
    private async Task AssertAgentEqualsChainAsync(PaymentPlatform.AgentCreated agent, long expectedUnswept)
    {
        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(expectedUnswept, wallet.MarketplaceUnswept);
        Assert.Equal(new BigInteger(wallet.Posted + wallet.MarketplaceUnswept), await OnChainAsync(agent.Agent.WalletAddress));
    }

    /// <summary>Settlement wallet on chain = swept − paid out; each provider: earned = paid out + payable, and its address holds what was paid out.</summary>
    private async Task<PaymentPlatform.Settlement> AssertSettlementEqualsChainAsync()
    {
        var settlement = await Platform.SettlementAsync();
        Assert.Equal(settlement.Swept - settlement.PaidOut, settlement.Held);
        Assert.Equal(new BigInteger(settlement.Held), await OnChainAsync(settlement.SettlementWallet!));
        foreach (var provider in settlement.Providers)
        {
            Assert.Equal(provider.Earned, provider.PaidOut + provider.Payable);
            Assert.Equal(provider.Earned, provider.Swept + provider.Unswept);
            Assert.Equal(new BigInteger(provider.PaidOut), await OnChainAsync(provider.PayoutAddress));
        }

        return settlement;
    }

    private PaymentPlatform.SettlementProvider ProviderOf(PaymentPlatform.Settlement settlement, PaymentPlatform.ProviderCreated provider) =>
        settlement.Providers.Single(p => EvmAddress.Parse(p.PayoutAddress) == EvmAddress.Parse(provider.PayoutAddress));

    [Fact]
    public async Task A_sweep_and_a_payout_move_the_calls_money_once_and_the_books_equal_the_chain_at_every_step()
    {
        var first = await FundedAgentAsync("first");
        var second = await FundedAgentAsync("second");
        await CallAsync(first, "svc-a", 3);
        await CallAsync(first, "svc-b", 2);
        await CallAsync(second, "svc-a", 4);
        var (firstOwes, secondOwes) = (3 * PriceA + 2 * PriceB, 4 * PriceA);

        // Settled inside the ledger only: the agents' wallets still hold the money, nothing is swept yet.
        await AssertAgentEqualsChainAsync(first, firstOwes);
        await AssertAgentEqualsChainAsync(second, secondOwes);
        var before = await AssertSettlementEqualsChainAsync();
        Assert.Equal((firstOwes + secondOwes, 0L, 0L), (before.Unswept, before.Swept, before.PaidOut));
        Assert.Equal((7 * PriceA, 7 * PriceA), (ProviderOf(before, _a.Provider).Earned, ProviderOf(before, _a.Provider).Payable));

        // One sweep per agent, of everything it owes, in one relayed transfer each.
        var sweep = await Platform.SweepAsync();
        Assert.Equal(2, sweep.Started.Count);
        Assert.Equal(firstOwes, sweep.Started.Single(s => s.AccountId == first.Agent.Id).Amount);
        var swept = await Platform.CompletedAsync(sweep);
        Assert.All(swept, s => Assert.Equal(("sweep", EvmAddress.Parse(before.SettlementWallet!)), (s.Kind, EvmAddress.Parse(s.To))));
        var sweepTx = await new Nethereum.Web3.Web3(Anvil.RpcUrl).Eth.Transactions.GetTransactionByHash.SendRequestAsync(swept[0].TxHash);
        Assert.Equal(Platform.Relayer, EvmAddress.Parse(sweepTx.From));
        await AssertAgentEqualsChainAsync(first, 0);
        await AssertAgentEqualsChainAsync(second, 0);
        var afterSweep = await AssertSettlementEqualsChainAsync();
        Assert.Equal((0L, firstOwes + secondOwes, 0L), (afterSweep.Unswept, afterSweep.Swept, afterSweep.PaidOut));
        // The agents' spendable balances never moved: the calls were posted when captured.
        Assert.Equal(Funding - firstOwes, (await Platform.WalletAsync(first.ApiKey)).Available);

        // A second run finds nothing to sweep.
        Assert.Empty((await Platform.SweepAsync()).Started);

        // One payout per provider, of everything its swept calls earned.
        var payout = await Platform.PayOutAsync();
        Assert.Equal(2, payout.Started.Count);
        await Platform.CompletedAsync(payout);
        var paid = await AssertSettlementEqualsChainAsync();
        Assert.Equal((firstOwes + secondOwes, 0L), (paid.PaidOut, paid.Held));
        Assert.Equal((7 * PriceA, 0L), (ProviderOf(paid, _a.Provider).PaidOut, ProviderOf(paid, _a.Provider).Payable));
        Assert.Equal(new BigInteger(2 * PriceB), await OnChainAsync(_b.Provider.PayoutAddress));
        Assert.Empty((await Platform.PayOutAsync()).Started);

        // The provider sees its payout, with the transaction that paid it.
        using var providerClient = Platform.Client(_providers.ApiKey);
        ProviderEarnings? earnings = null;
        await Eventually.HoldsAsync(async () =>
            (earnings = (await providerClient.GetFromJsonAsync<ProviderWithEarnings>($"/v1/marketplace/providers/{_a.Provider.Id}", Ct))!.Earnings)
            .Payouts.Count == 1, Ct);
        Assert.Equal((3 + 4, 7 * PriceA, 7 * PriceA, 0L), (earnings!.ChargedCalls, earnings.Earned, earnings.PaidOut, earnings.Payable));
        var paidTx = await new Nethereum.Web3.Web3(Anvil.RpcUrl).Eth.Transactions.GetTransactionReceipt.SendRequestAsync(earnings.Payouts[0].TxHash);
        Assert.Equal(1, (int)paidTx.Status.Value);

        // Below the configured minimum an agent's calls wait for a later sweep; the books still equal the chain.
        await CallAsync(first, "svc-a", 1);
        var small = await Platform.SweepAsync();
        Assert.Equal((0, 1), (small.Started.Count, small.Skipped));
        await AssertAgentEqualsChainAsync(first, PriceA);
        var waiting = await AssertSettlementEqualsChainAsync();
        Assert.Equal((PriceA, PriceA), (ProviderOf(waiting, _a.Provider).Unswept, ProviderOf(waiting, _a.Provider).Payable));
    }

    [Fact]
    public async Task Killing_settlement_in_the_middle_of_a_sweep_and_of_a_payout_sends_each_transfer_once()
    {
        var agent = await FundedAgentAsync("crash");
        await CallAsync(agent, "svc-b", 4);
        const long owed = 4 * PriceB;
        var settlementWallet = (await Platform.SettlementAsync()).SettlementWallet!;
        var walletBefore = await OnChainAsync(settlementWallet);

        var sweep = await Platform.SweepAsync();
        var started = Assert.Single(sweep.Started);
        await Platform.StopAsync("settlement");
        await Platform.StartAsync("settlement");
        await Platform.CompletedAsync(sweep);
        Assert.Equal(walletBefore + owed, await OnChainAsync(settlementWallet));
        Assert.Single(await Platform.SettlementTransfersAsync(), t => t.Kind == "sweep" && t.AccountId == agent.Agent.Id);
        await AssertAgentEqualsChainAsync(agent, 0);

        var payoutBefore = await OnChainAsync(_b.Provider.PayoutAddress);
        var payout = await Platform.PayOutAsync("1");
        var paying = Assert.Single(payout.Started, p => EvmAddress.Parse(p.To) == EvmAddress.Parse(_b.Provider.PayoutAddress));
        await Platform.StopAsync("settlement");
        await Platform.StartAsync("settlement");
        await Platform.CompletedAsync(payout);
        Assert.Equal(payoutBefore + paying.Amount, await OnChainAsync(_b.Provider.PayoutAddress));
        Assert.Single(await Platform.SettlementTransfersAsync(), t => t.Id == paying.TransferId);

        // Asked again (the sagas' deadlines re-ask Settlement), nothing moves twice.
        await Task.Delay(TimeSpan.FromSeconds(6), Ct);
        Assert.Equal(payoutBefore + paying.Amount, await OnChainAsync(_b.Provider.PayoutAddress));
        Assert.Equal(owed, started.Amount);
        await AssertSettlementEqualsChainAsync();
    }

    [Fact]
    public async Task A_sweep_and_a_payout_taken_back_by_a_reorganisation_are_booked_back_then_booked_anew_once_sent_again()
    {
        var agent = await FundedAgentAsync("reorganised");
        await CallAsync(agent, "svc-b", 3);
        const long owed = 3 * PriceB;
        var snapshot = await Platform.SnapshotAsync();
        await Platform.CompletedAsync(await Platform.SweepAsync());
        var payout = await Platform.PayOutAsync("1");
        Assert.Single(payout.Started, p => EvmAddress.Parse(p.To) == EvmAddress.Parse(_b.Provider.PayoutAddress));
        await Platform.CompletedAsync(payout);
        await PayoutsSeenAsync(1);

        // Both transactions leave the chain; nothing is mined until the platform has booked them back.
        await Platform.SetAutomineAsync(false);
        try
        {
            await Platform.ReorganiseAsync(snapshot);
            await Eventually.HoldsAsync(async () => (await Platform.WalletAsync(agent.ApiKey)).MarketplaceUnswept == owed &&
                                                    ProviderOf(await Platform.SettlementAsync(), _b.Provider).PaidOut == 0, Ct);
            await AssertAgentEqualsChainAsync(agent, owed);
            var reopened = ProviderOf(await AssertSettlementEqualsChainAsync(), _b.Provider);
            Assert.Equal((owed, 0L, 0L, owed, owed), (reopened.Unswept, reopened.Swept, reopened.PaidOut, reopened.Payable, reopened.PayingOut));
            await PayoutsSeenAsync(0);
        }
        finally
        {
            await Platform.SetAutomineAsync(true);
        }

        // Settlement sent the same two transactions again: confirmed anew, booked once more.
        await Eventually.HoldsAsync(async () =>
        {
            await Platform.MineAsync(1);
            // The sweep and the payout are two sagas: both booked anew.
            return ProviderOf(await Platform.SettlementAsync(), _b.Provider).PaidOut == owed &&
                   (await Platform.WalletAsync(agent.ApiKey)).MarketplaceUnswept == 0;
        }, Ct);
        await AssertAgentEqualsChainAsync(agent, 0);
        var again = ProviderOf(await AssertSettlementEqualsChainAsync(), _b.Provider);
        Assert.Equal((owed, owed, 0L, 0L), (again.Swept, again.PaidOut, again.Payable, again.PayingOut));
        await PayoutsSeenAsync(1);
        var audit = await Platform.AuditAsync(_customer.ApiKey, agent.Agent.Id);
        Assert.Single(audit, e => e.Event == "MarketplaceSweepReopened");
        Assert.Equal(2, audit.Count(e => e.Event == "MarketplaceSwept"));
    }

    // The provider's own view lists this many payouts (the Marketplace learns them from the Ledger).
    private async Task PayoutsSeenAsync(int count)
    {
        using var client = Platform.Client(_providers.ApiKey);
        await Eventually.HoldsAsync(async () =>
            (await client.GetFromJsonAsync<ProviderWithEarnings>($"/v1/marketplace/providers/{_b.Provider.Id}", Ct))!.Earnings.Payouts.Count == count, Ct);
    }

    [Fact]
    public async Task Runs_are_for_admins_and_a_bad_minimum_is_a_problem()
    {
        using var operatorClient = Platform.Client(_customer.ApiKey);
        using (var forbidden = await operatorClient.PostAsJsonAsync("/v1/admin/marketplace/settlement/sweeps", new { }, Ct))
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using (var hidden = await operatorClient.GetAsync("/v1/admin/marketplace/settlement", Ct))
            Assert.Equal(HttpStatusCode.Forbidden, hidden.StatusCode);

        await Platform.SettlementAsync();
        using var admin = Platform.Client(PaymentPlatform.AdminKey);
        foreach (var minimum in new[] { "0", "-1", "1.5", "abc", "99999999999999999999" })
        {
            using var response = await admin.PostAsJsonAsync("/v1/admin/marketplace/settlement/payouts", new { minimum }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("invalid-amount", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }
}
