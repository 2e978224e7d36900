using System.Globalization;
using System.Net;
using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.Offers;
using IndieGent.Payments.Protocol.X402;
using IndieGent.Sdk;
using IndieGent.Testing;
using Nethereum.Signer;

namespace IndieGent.Payments.Tests;

/// <summary>
/// Our SDK and our middleware against the reference JavaScript implementations (mppx 0.11, @x402 2.27,
/// pinned in eng/interop), both directions, settling on anvil; a replayed proof is refused every time.
/// </summary>
public sealed class Interop_with_reference_peers(ChainWorld world) : IClassFixture<ChainWorld>
{
    private const long Price = 25_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Our_sdk_pays_an_mppx_server()
    {
        var merchant = NewAddress();
        var server = await world.Anvil.CreateFundedAccountAsync(Ct);
        await using var mppx = await NodePeer.StartServerAsync("mppx-server.mjs", Common(merchant, new()
        {
            ["SERVER_PRIVATE_KEY"] = server.PrivateKey,
            ["MPP_SECRET"] = "interop-secret-of-at-least-thirty-two-bytes",
        }), Ct);
        var payer = await world.NewPayerAsync(1_000_000);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer));

        using var response = await agent.FetchAsync(new Uri(mppx.Url, "/paid"), cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct) + mppx.Errors);
        var payment = response.GetPayment()!;
        Assert.Equal(PaymentProtocol.Mpp, payment.Proof.Protocol);
        Assert.Equal("authorization", payment.Proof.CredentialType);
        Assert.Equal("evm", payment.Receipt!.Method);
        Assert.Equal(Price, (long)await world.BalanceAsync(merchant));

        await AssertReplayRefusedAsync(new Uri(mppx.Url, "/paid"), "Authorization", payment.Proof.Headers.Single().Value, merchant);
    }

    [Fact]
    public async Task An_mppx_client_pays_our_middleware()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);

        var result = await NodePeer.RunClientAsync("mppx-client.mjs", Client(api.Paid, payer), Ct);

        Assert.True(result.GetProperty("status").GetInt32() == 200, result.ToString() + api.Logs.All);
        Assert.Equal("mpp", result.GetProperty("protocol").GetString());
        var receipt = PaymentReceipt.Parse(result.GetProperty("receipt").GetString()!);
        Assert.Equal(world.Anvil.ChainId, receipt.ChainId);
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));

        await AssertReplayRefusedAsync(api.Paid, "Authorization", result.GetProperty("credential").GetString()!, world.Merchant, before + Price);
    }

    [Fact]
    public async Task Our_sdk_pays_an_x402_express_server_with_a_self_hosted_facilitator()
    {
        var merchant = NewAddress();
        var facilitator = await world.Anvil.CreateFundedAccountAsync(Ct);
        await using var x402 = await NodePeer.StartServerAsync("x402-server.mjs", Common(merchant, new()
        {
            ["FACILITATOR_PRIVATE_KEY"] = facilitator.PrivateKey,
        }), Ct);
        var payer = await world.NewPayerAsync(1_000_000);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer));

        using var response = await agent.FetchAsync(new Uri(x402.Url, "/paid"), cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct) + x402.Errors);
        var payment = response.GetPayment()!;
        Assert.Equal(PaymentProtocol.X402V2, payment.Proof.Protocol);
        Assert.True(payment.SettleResponse!.Success);
        Assert.Equal(Price, (long)await world.BalanceAsync(merchant));

        await AssertReplayRefusedAsync(new Uri(x402.Url, "/paid"), X402HeaderNames.PaymentSignature, payment.Proof.Headers.Single().Value, merchant);
    }

    [Fact]
    public async Task An_x402_fetch_client_pays_our_middleware()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);

        var result = await NodePeer.RunClientAsync("x402-client.mjs", Client(api.Paid, payer), Ct);

        Assert.True(result.GetProperty("status").GetInt32() == 200, result.ToString() + api.Logs.All);
        var settled = X402SettleResponse.Parse(result.GetProperty("receipt").GetString()!);
        Assert.True(settled.Success);
        Assert.Equal(payer.Address, settled.Payer, ignoreCase: true);
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));

        await AssertReplayRefusedAsync(api.Paid, X402HeaderNames.PaymentSignature, result.GetProperty("credential").GetString()!, world.Merchant, before + Price);
    }

    // mppx 0.11 cannot be the server of the Payment-Authorization case: its evm method brings its own HTTP
    // transport, which reads only Authorization (its `requiresAuth` is ignored there, so it refuses even its own
    // client's credential); Credential_in_payment_authorization covers our SDK against our middleware.
    [Fact]
    public async Task An_mppx_client_pays_our_middleware_in_payment_authorization_next_to_its_bearer_key()
    {
        await using var api = await PaidApi.StartAsync(world, Price, o => o.CredentialInPaymentAuthorization = true);
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);

        var client = Client(api.Paid, payer);
        client["API_KEY"] = "app-key-2";
        var result = await NodePeer.RunClientAsync("mppx-client.mjs", client, Ct);

        Assert.True(result.GetProperty("status").GetInt32() == 200, result.ToString() + api.Logs.All);
        Assert.Equal("payment-authorization", result.GetProperty("credentialHeader").GetString());
        Assert.Equal("Bearer app-key-2", result.GetProperty("body").GetProperty("authorization").GetString());
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
        await AssertReplayRefusedAsync(api.Paid, PaymentHeaderNames.PaymentAuthorization, result.GetProperty("credential").GetString()!, world.Merchant, before + Price);
    }

    [Fact]
    public async Task Our_sdk_echoes_the_payment_identifier_an_x402_express_server_requires()
    {
        var merchant = NewAddress();
        var facilitator = await world.Anvil.CreateFundedAccountAsync(Ct);
        await using var x402 = await NodePeer.StartServerAsync("x402-server.mjs", Common(merchant, new()
        {
            ["FACILITATOR_PRIVATE_KEY"] = facilitator.PrivateKey,
            ["PAYMENT_IDENTIFIER"] = "required",
        }), Ct);
        var payer = await world.NewPayerAsync(1_000_000);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer));

        using var response = await agent.FetchAsync(new Uri(x402.Url, "/paid"), cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct) + x402.Errors);
        var sent = X402PaymentPayload.Parse(response.GetPayment()!.Proof.Headers.Single().Value);
        Assert.True(X402PaymentIdentifier.IsValid(X402PaymentIdentifier.Read(sent.Extensions)));
        Assert.True(X402PaymentIdentifier.IsDeclared(sent.Extensions, out var required) && required, "the declaration is echoed with the id");
        Assert.Equal(Price, (long)await world.BalanceAsync(merchant));
    }

    [Fact]
    public async Task An_x402_fetch_client_with_a_payment_identifier_is_answered_once_by_our_middleware()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        var client = Client(api.Paid, payer);
        client["PAYMENT_ID"] = "pay_" + Guid.NewGuid().ToString("N");

        var result = await NodePeer.RunClientAsync("x402-client.mjs", client, Ct);

        Assert.True(result.GetProperty("status").GetInt32() == 200, result.ToString() + api.Logs.All);
        var credential = result.GetProperty("credential").GetString()!;
        Assert.Equal(client["PAYMENT_ID"], X402PaymentIdentifier.Read(X402PaymentPayload.Parse(credential).Extensions));
        // Its answer lost, the client sends the same payment again: the first answer, charged once.
        using var plain = new HttpClient();
        using var resend = new HttpRequestMessage(HttpMethod.Get, api.Paid) { Headers = { { X402HeaderNames.PaymentSignature, credential } } };
        using var again = await plain.SendAsync(resend, Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(result.GetProperty("receipt").GetString(), again.Headers.GetValues(X402HeaderNames.PaymentResponse).Single());
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
    }

    [Fact]
    public async Task Our_sdk_pays_an_x402_express_upto_server_what_it_charges()
    {
        var merchant = NewAddress();
        var facilitator = await world.Anvil.CreateFundedAccountAsync(Ct);
        await using var x402 = await NodePeer.StartServerAsync("x402-server.mjs", Common(merchant, new()
        {
            ["FACILITATOR_PRIVATE_KEY"] = facilitator.PrivateKey,
            ["SCHEME"] = "upto",
            ["CHARGE"] = "7000",
        }), Ct);
        var payer = await world.NewPayerAsync(1_000_000);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer));

        using var response = await agent.FetchAsync(new Uri(x402.Url, "/paid"), cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: " + await response.Content.ReadAsStringAsync(Ct) + x402.Errors);
        var payment = response.GetPayment()!;
        Assert.Equal("upto", payment.Proof.CredentialType);
        Assert.Equal("7000", payment.SettleResponse!.Amount);
        Assert.Equal(7_000, (long)await world.BalanceAsync(merchant));
        Assert.Equal(1_000_000 - 7_000, (long)await world.BalanceAsync(payer.Address));
    }

    [Fact]
    public async Task Our_sdk_pays_an_x402_express_server_that_takes_exact_payments_through_permit2()
    {
        var merchant = NewAddress();
        var facilitator = await world.Anvil.CreateFundedAccountAsync(Ct);
        await using var x402 = await NodePeer.StartServerAsync("x402-server.mjs", Common(merchant, new()
        {
            ["FACILITATOR_PRIVATE_KEY"] = facilitator.PrivateKey,
            ["ASSET_TRANSFER_METHOD"] = "permit2",
        }), Ct);
        var payer = await world.NewPayerAsync(1_000_000);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer));

        using var response = await agent.FetchAsync(new Uri(x402.Url, "/paid"), cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: " + await response.Content.ReadAsStringAsync(Ct) + x402.Errors);
        var sent = X402PaymentPayload.Parse(response.GetPayment()!.Proof.Headers.Single().Value);
        Assert.Equal(IndieGent.Chain.X402.X402Permit2Signatures.ExactProxyCanonicalAddress.ToChecksumHex(),
            X402Permit2Payload.Parse(sent.Payload).Spender.ToString());
        Assert.Equal(Price, (long)await world.BalanceAsync(merchant));
        Assert.Equal(1_000_000 - Price, (long)await world.BalanceAsync(payer.Address));
    }

    [Fact]
    public async Task An_x402_fetch_upto_client_pays_our_metered_endpoint_what_it_used()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        // The reference client expects the payer to have approved Permit2 already (or a gas-sponsoring extension).
        await world.Anvil.CreateWeb3(payer.PrivateKey).Eth.GetContractTransactionHandler<IndieGent.Chain.Token.Functions.ApproveFunction>()
            .SendRequestAndWaitForReceiptAsync(world.Token.Address.ToChecksumHex(),
                new IndieGent.Chain.Token.Functions.ApproveFunction { Spender = world.Permit2.ToChecksumHex(), Value = 1_000_000 }, Ct);
        var before = await world.BalanceAsync(world.Merchant);
        var client = Client(api.Metered(use: 4_321), payer);
        client["SCHEME"] = "upto";

        var result = await NodePeer.RunClientAsync("x402-client.mjs", client, Ct);

        Assert.True(result.GetProperty("status").GetInt32() == 200, result.ToString() + api.Logs.All);
        Assert.Equal("4321", X402SettleResponse.Parse(result.GetProperty("receipt").GetString()!).Amount);
        Assert.Equal(before + 4_321, await world.BalanceAsync(world.Merchant));
        Assert.Equal(1_000_000 - 4_321, await world.BalanceAsync(payer.Address));
    }

    private async Task AssertReplayRefusedAsync(Uri url, string header, string proof, EvmAddress merchant, System.Numerics.BigInteger? expected = null)
    {
        using var plain = new HttpClient();
        using var replay = new HttpRequestMessage(HttpMethod.Get, url);
        replay.Headers.TryAddWithoutValidation(header, proof);
        using var replayed = await plain.SendAsync(replay, Ct);
        Assert.Equal(HttpStatusCode.PaymentRequired, replayed.StatusCode);
        Assert.Equal(expected ?? Price, await world.BalanceAsync(merchant));
    }

    private Dictionary<string, string> Common(EvmAddress recipient, Dictionary<string, string> extra)
    {
        var env = new Dictionary<string, string>
        {
            ["RPC_URL"] = world.Anvil.RpcUrl,
            ["CHAIN_ID"] = world.Anvil.ChainId.ToString(CultureInfo.InvariantCulture),
            ["TOKEN"] = world.Token.Address.ToChecksumHex(),
            ["PRICE"] = Price.ToString(CultureInfo.InvariantCulture),
            ["RECIPIENT"] = recipient.ToChecksumHex(),
            ["PORT"] = "0",
        };
        foreach (var (key, value) in extra)
            env[key] = value;
        return env;
    }

    private Dictionary<string, string> Client(Uri url, TestAccount payer) => new()
    {
        ["URL"] = url.ToString(),
        ["PAYER_PRIVATE_KEY"] = payer.PrivateKey,
        ["RPC_URL"] = world.Anvil.RpcUrl,
        ["CHAIN_ID"] = world.Anvil.ChainId.ToString(CultureInfo.InvariantCulture),
        ["TOKEN"] = world.Token.Address.ToChecksumHex(),
    };

    private static EvmAddress NewAddress() => EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
}
