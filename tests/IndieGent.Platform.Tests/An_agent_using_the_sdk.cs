using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Sdk;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using Microsoft.AspNetCore.Builder;
using Nethereum.Signer;

namespace IndieGent.Platform.Tests;

/// <summary>
/// The promise of the docs: an agent's code calls a paid API with the SDK and never notices the 402.
/// The platform pays from the agent's wallet under its policy; the API (our middleware) settles on
/// chain; the ledger captures the hold and equals the chain.
/// </summary>
public sealed class An_agent_using_the_sdk(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private const long Price = 120_000;

    [Fact]
    public async Task Reads_how_to_fund_its_wallet_and_the_deposits_so_far()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 2_500_000);
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey);

        var funding = await sdk.GetFundingAsync(Ct);

        Assert.Equal(EvmAddress.Parse(agent.Agent.WalletAddress), EvmAddress.Parse(funding.Address));
        Assert.Equal(("USDC", 6), (funding.Token.Symbol, funding.Token.Decimals));
        Assert.StartsWith($"ethereum:{Platform.Token.Address.ToChecksumHex()}@{Anvil.ChainId}/transfer?address=", funding.PaymentUri, StringComparison.Ordinal);
        Assert.Contains("<svg", funding.QrCodeSvg, StringComparison.Ordinal);
        var deposit = Assert.Single(funding.Deposits);
        Assert.Equal(("2500000", "2.500000", "credited"), (deposit.Amount, deposit.AmountFormatted, deposit.Status));
        // A self-custody agent has no IndieGent wallet to fund.
        var options = new Sdk.Payers.SelfCustodyPayerOptions
        {
            PrivateKey = EthECKey.GenerateKey().GetPrivateKey(), ChainId = Anvil.ChainId, RpcUrl = new Uri(Anvil.RpcUrl),
        };
        options.Tokens.Add(Platform.Token.Address);
        using var selfCustody = IndieGentAgent.ForSelfCustody(options);
        await Assert.ThrowsAsync<InvalidOperationException>(() => selfCustody.GetFundingAsync(Ct));
    }

    [Fact]
    public async Task Calls_a_paid_api_and_the_platform_pays_it_from_the_wallet()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        var merchant = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        await using var api = await StartPaidApiAsync(merchant);
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey);

        using var response = await sdk.FetchAsync(new Uri(api.Url(), "/search"), cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("results", await response.Content.ReadAsStringAsync(Ct));
        var payment = response.GetPayment()!;
        Assert.NotNull(payment.Proof.PaymentId);
        Assert.NotNull(payment.Receipt);
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant, Ct));

        await Platform.MineAsync(2);
        var settled = await Platform.PaymentReachesAsync(agent.ApiKey, payment.Proof.PaymentId!.Value, "Settled");
        Assert.Equal(payment.Receipt.Reference, settled.TxHash, ignoreCase: true);
        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(1_000_000 - Price, wallet.Posted);
        Assert.Equal(new BigInteger(wallet.Posted), await Platform.Token.BalanceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress), Ct));
    }

    [Fact]
    public async Task Pays_an_api_that_asks_for_the_credential_in_payment_authorization()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        var merchant = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        await using var api = await PaidApis.StartAsync(Platform, Price, merchant, o => o.CredentialInPaymentAuthorization = true);
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey);

        using var response = await sdk.FetchAsync(new Uri(api.Url(), "/search"),
            new FetchOptions { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer the-apis-own-key" } }, Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Payment-Authorization", response.GetPayment()!.Proof.Headers.Single().Key);
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant, Ct));
    }

    [Fact]
    public async Task A_policy_refusal_reaches_the_agents_code_as_a_payment_exception()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        await Platform.SetPolicyAsync(op.ApiKey, agent.Agent.Id, new { maxPerPayment = Price - 1 });
        var merchant = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        await using var api = await StartPaidApiAsync(merchant);
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey);

        var error = await Assert.ThrowsAsync<PaymentException>(() => sdk.FetchAsync(new Uri(api.Url(), "/search"), cancellationToken: Ct));

        Assert.Equal("ExceedsPerPaymentLimit", error.Reason);
        Assert.NotNull(error.PaymentId);
        Assert.Equal(BigInteger.Zero, await Platform.Token.BalanceOfAsync(merchant, Ct));
    }

    [Fact]
    public async Task A_payment_waiting_for_the_operator_completes_the_call_once_approved()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        await Platform.SetPolicyAsync(op.ApiKey, agent.Agent.Id, new { approvalThreshold = Price - 1 });
        var merchant = EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        await using var api = await StartPaidApiAsync(merchant);
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey);

        // The agent's call waits (the SDK polls the payment) while the operator looks at it.
        var call = sdk.FetchAsync(new Uri(api.Url(), "/search"), cancellationToken: Ct);
        using var operatorClient = Platform.Client(op.ApiKey);
        Guid? waiting = null;
        await Eventually.HoldsAsync(async () =>
        {
            var approvals = await operatorClient.GetFromJsonAsync<List<PaymentPlatform.PaymentView>>("/v1/approvals", Ct);
            waiting = approvals!.SingleOrDefault()?.Id;
            return waiting is not null;
        }, Ct);
        Assert.False(call.IsCompleted);
        using (var approve = await operatorClient.PostAsync($"/v1/payments/{waiting}/approve", null, Ct))
            Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);

        using var response = await call;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(waiting, response.GetPayment()!.Proof.PaymentId);
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant, Ct));
    }

    private Task<WebApplication> StartPaidApiAsync(EvmAddress merchant) => PaidApis.StartAsync(Platform, Price, merchant);
}
