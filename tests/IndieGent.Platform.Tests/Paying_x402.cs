using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Payments.Protocol.Offers;
using IndieGent.Payments.Protocol.X402;
using IndieGent.Sdk;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using Nethereum.Signer;
using ProtocolAddress = IndieGent.Payments.Protocol.Evm.EvmAddress;

namespace IndieGent.Platform.Tests;

/// <summary>
/// x402 v2 through the platform: the agent hands over <c>PAYMENT-REQUIRED</c>, IndieGent answers with
/// a <c>PAYMENT-SIGNATURE</c> (an EIP-3009 authorization from the agent's wallet, signed under the
/// Ledger's ticket) that echoes the chosen entry, and the ledger follows the authorization on chain.
/// </summary>
public sealed class Paying_x402(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : PlatformTest(postgres, rabbit, anvil)
{
    private const long Price = 70_000;

    [Fact]
    public async Task The_sdk_pays_an_x402_express_server_and_the_ledger_equals_the_chain()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        var merchant = NewAddress();
        var facilitator = await Anvil.CreateFundedAccountAsync(Ct);
        // The reference resource server (@x402/express) with its facilitator (@x402/evm) settling on the same chain.
        await using var server = await NodePeer.StartServerAsync("x402-server.mjs", new Dictionary<string, string>
        {
            ["RPC_URL"] = Anvil.RpcUrl,
            ["CHAIN_ID"] = Anvil.ChainId.ToString(CultureInfo.InvariantCulture),
            ["TOKEN"] = Platform.Token.Address.ToChecksumHex(),
            ["PRICE"] = Price.ToString(CultureInfo.InvariantCulture),
            ["RECIPIENT"] = merchant.ToChecksumHex(),
            ["FACILITATOR_PRIVATE_KEY"] = facilitator.PrivateKey,
            ["PAYMENT_IDENTIFIER"] = "required",
            ["PORT"] = "0",
        }, Ct);
        using var sdk = IndieGentAgent.ForPlatform(Platform.GatewayAddress, agent.ApiKey);

        using var response = await sdk.FetchAsync(new Uri(server.Url, "/paid"), cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct) + server.Errors);
        var payment = response.GetPayment()!;
        Assert.Equal(PaymentProtocol.X402V2, payment.Proof.Protocol);
        Assert.Equal(X402HeaderNames.PaymentSignature, payment.Proof.Headers.Single().Key);
        // The server declares payment-identifier: the platform's payment id is the x402 payment's, so a resend is the same payment.
        Assert.Equal("pay_" + payment.Proof.PaymentId!.Value.ToString("N"),
            X402PaymentIdentifier.Read(X402PaymentPayload.Parse(payment.Proof.Headers.Single().Value).Extensions));
        Assert.True(payment.SettleResponse!.Success);
        Assert.Equal(agent.Agent.WalletAddress, payment.SettleResponse.Payer, ignoreCase: true);
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant, Ct));

        await Platform.MineAsync(2);
        var settled = await Platform.PaymentReachesAsync(agent.ApiKey, payment.Proof.PaymentId!.Value, "Settled");
        Assert.Equal("Captured", settled.Hold);
        Assert.Equal(payment.SettleResponse.Transaction, settled.TxHash, ignoreCase: true);
        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal((1_000_000 - Price, 0), (wallet.Posted, wallet.Pending));
        Assert.Equal(new BigInteger(wallet.Posted), await Platform.Token.BalanceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress), Ct));
    }

    [Fact]
    public async Task Answers_with_a_payment_signature_echoing_the_entry_it_chose_which_the_token_accepts_once()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        var merchant = NewAddress();
        var domain = await Platform.Token.ReadDomainAsync(Ct);
        // The first entry is on a chain the platform does not pay on; the second is payable.
        var elsewhere = X402PaymentRequirements.CreateExactEvm(8453, Price, Protocol(Platform.Token.Address), Protocol(merchant), 120, domain.Name, domain.Version);
        var payable = X402PaymentRequirements.CreateExactEvm(Anvil.ChainId, Price, Protocol(Platform.Token.Address), Protocol(merchant), 120,
            domain.Name, domain.Version);
        var offer = X402PaymentRequired.Create(new X402ResourceInfo("https://api.x402.test/weather", "Weather"), [elsewhere, payable]);

        using var first = await PayAsync(agent.ApiKey, offer.Format(), "x402-order-1");

        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync(Ct));
        var paid = (await first.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!;
        Assert.Equal(("x402", "authorization", "PAYMENT-SIGNATURE"), (paid.Protocol, paid.CredentialType, paid.Header));
        var signed = X402PaymentPayload.Parse(paid.Authorization!);
        Assert.Equal(payable, signed.Accepted);
        Assert.Equal(offer.Resource, signed.Resource);
        var exact = X402ExactEvmPayload.Parse(signed.Payload).Authorization;
        Assert.Equal((Protocol(EvmAddress.Parse(agent.Agent.WalletAddress)), Protocol(merchant), new BigInteger(Price)), (exact.From, exact.To, exact.Value));
        Assert.True(exact.ValidBefore <= DateTimeOffset.UtcNow.AddSeconds(125).ToUnixTimeSeconds(), "valid no longer than the offer's maxTimeoutSeconds");

        // The same request again is the same payment, with the same credential.
        using var again = await PayAsync(agent.ApiKey, offer.Format(), "x402-order-1");
        Assert.Equal(paid.Authorization, (await again.Content.ReadFromJsonAsync<PaymentPlatform.PaymentResult>(Ct))!.Authorization);

        // What a facilitator does with it: transferWithAuthorization, which the token accepts exactly once.
        var transfer = new TransferAuthorization(EvmAddress.Parse(exact.From.ToString()), merchant, exact.Value, exact.ValidAfter, exact.ValidBefore,
            Convert.FromHexString(exact.Nonce.ToString()[2..]));
        var signature = EvmSignature.Parse(X402ExactEvmPayload.Parse(signed.Payload).Signature);
        var receipt = await Platform.Token.TransferWithAuthorizationAsync(transfer, signature, Ct);
        Assert.Equal(1, (int)receipt.Status.Value);
        Assert.Equal(new BigInteger(Price), await Platform.Token.BalanceOfAsync(merchant, Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => Platform.Token.TransferWithAuthorizationAsync(transfer, signature, Ct));

        await Platform.MineAsync(2);
        var settled = await Platform.PaymentReachesAsync(agent.ApiKey, paid.PaymentId, "Settled");
        Assert.Equal(receipt.TransactionHash, settled.TxHash, ignoreCase: true);
        Assert.Equal(1_000_000 - Price, (await Platform.WalletAsync(agent.ApiKey)).Posted);
    }

    [Fact]
    public async Task An_offer_naming_another_eip712_domain_is_refused_and_the_hold_released()
    {
        var op = await Platform.CreateOperatorAsync();
        var agent = await Platform.CreateAgentAsync(op.ApiKey);
        await Platform.FundAsync(agent, 1_000_000);
        var domain = await Platform.Token.ReadDomainAsync(Ct);
        // Signed for this domain, the authorization could never pass the token: IndieGent does not sign it.
        var offer = X402PaymentRequired.Create(new X402ResourceInfo("https://api.x402.test/weather"),
            [X402PaymentRequirements.CreateExactEvm(Anvil.ChainId, Price, Protocol(Platform.Token.Address), Protocol(NewAddress()), 120, "Tether USD", domain.Version)]);

        using var response = await PayAsync(agent.ApiKey, offer.Format(), "x402-wrong-domain");

        var problem = (await response.Content.ReadFromJsonAsync<PaymentPlatform.Problem>(Ct))!;
        Assert.True(response.StatusCode == HttpStatusCode.BadGateway, problem.ToString());
        Assert.Equal("InvalidChallenge", problem.Reason);
        Assert.Contains("Tether USD", problem.Detail, StringComparison.Ordinal);
        var wallet = await Platform.WalletAsync(agent.ApiKey);
        Assert.Equal((1_000_000, 0), (wallet.Available, wallet.Pending));
        Assert.Null((await Platform.PaymentAsync(agent.ApiKey, problem.PaymentId!.Value)).Credential);
    }

    private async Task<HttpResponseMessage> PayAsync(string agentKey, string paymentRequired, string idempotencyKey)
    {
        using var client = Platform.Client(agentKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/payments")
        {
            Content = JsonContent.Create(new { url = "https://api.x402.test/weather", paymentRequired }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request, Ct);
    }

    private static ProtocolAddress Protocol(EvmAddress address) => ProtocolAddress.Parse(address.ToChecksumHex());

    private static EvmAddress NewAddress() => EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
}
