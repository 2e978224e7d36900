using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Platform.Tests;

/// <summary>The heart of the product, end to end: challenge in, credential out, merchant settles on chain, ledger captures.</summary>
public sealed class An_agent_paying_a_challenge(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{

    [Fact]
    public async Task Gets_a_credential_the_token_accepts_and_the_ledger_captures_the_hold_equal_to_the_chain()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 10_000_000);
        var merchant = new Merchant(Platform.Token.Address, Anvil.ChainId);

        using var client = Platform.Client(agent.ApiKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/payments")
        {
            Content = JsonContent.Create(new { url = merchant.Url, wwwAuthenticate = new[] { merchant.Challenge(1_500_000) } }),
        };
        request.Headers.Add("Idempotency-Key", "order-1");
        using var response = await client.SendAsync(request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var paid = (await response.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!;
        Assert.Equal("Authorized", paid.Status);
        Assert.StartsWith("Payment ", paid.Authorization);

        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal(8_500_000, wallet.Available);
        Assert.Equal(1_500_000, wallet.Pending);

        var receipt = await merchant.SettleAsync(Platform.Token, paid.Authorization!, Ct);
        Assert.Equal(1, (int)receipt.Status.Value);
        Assert.Equal(new BigInteger(1_500_000), await Platform.Token.BalanceOfAsync(merchant.Recipient, Ct));
        await Platform.MineAsync(2);

        PaymentPlatform.PaymentView? settled = null;
        await Eventually.HoldsAsync(async () =>
        {
            settled = await client.GetFromJsonAsync<PaymentPlatform.PaymentView>($"/v1/payments/{paid.PaymentId}", Ct);
            return settled!.Status == "Settled";
        }, Ct);
        Assert.Equal("Captured", settled!.Hold);
        Assert.Equal(receipt.TransactionHash, settled.TxHash);

        wallet = await Platform.WalletAsync(agent.ApiKey);
        var onChain = await Platform.Token.BalanceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress), Ct);
        Assert.Equal(0, wallet.Pending);
        Assert.Equal(8_500_000, wallet.Posted);
        Assert.Equal(onChain, new BigInteger(wallet.Posted));
    }
}
