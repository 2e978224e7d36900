using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Chain.Permit2;
using IndieGent.Chain.X402;
using IndieGent.Payments.AspNetCore;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.Offers;
using IndieGent.Payments.Protocol.X402;
using IndieGent.Sdk;
using IndieGent.Sdk.Payers;
using IndieGent.Testing;
using Nethereum.Signer;
using ProtocolAddress = IndieGent.Payments.Protocol.Evm.EvmAddress;

namespace IndieGent.Payments.Tests;

/// <summary>
/// x402 <c>upto</c> between our SDK and our middleware (a metered endpoint): the payer permits the maximum, the server charges
/// what the request used after answering it, nothing when it fails; forged permits are refused and move nothing.
/// </summary>
public sealed class X402_upto(ChainWorld world) : IClassFixture<ChainWorld>
{
    private const long Maximum = 30_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sdk_permits_the_maximum_and_the_server_charges_what_was_used_once()
    {
        await using var api = await PaidApi.StartAsync(world, Maximum);
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer));

        using var response = await agent.FetchAsync(api.Metered(use: 12_345), cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct) + api.Logs.All);
        Assert.Equal(12_345, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("used").GetInt64());
        var payment = response.GetPayment()!;
        Assert.Equal(X402PaymentRequirements.UptoScheme, payment.Proof.CredentialType);
        Assert.Equal("12345", payment.SettleResponse!.Amount);
        Assert.Equal(before + 12_345, await world.BalanceAsync(world.Merchant));
        Assert.Equal(1_000_000 - 12_345, await world.BalanceAsync(payer.Address));

        using var replayed = await api.SendWithAsync(X402HeaderNames.PaymentSignature, payment.Proof.Headers.Single().Value);
        Assert.Equal(HttpStatusCode.PaymentRequired, replayed.StatusCode);
        Assert.Equal(before + 12_345, await world.BalanceAsync(world.Merchant));
    }

    [Fact]
    public async Task A_charge_of_nothing_moves_nothing_and_leaves_the_permit_to_pay_a_later_request()
    {
        await using var api = await PaidApi.StartAsync(world, Maximum);
        var payer = await world.NewPayerAsync(1_000_000);
        var header = await PermitAsync(api, payer, api.Metered(use: 0));

        using var free = await SendAsync(api.Metered(use: 0), header);
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
        var settled = X402SettleResponse.Parse(free.Headers.GetValues(X402HeaderNames.PaymentResponse).Single());
        Assert.Equal(("0", ""), (settled.Amount, settled.Transaction));
        Assert.Equal(1_000_000, await world.BalanceAsync(payer.Address));

        // Unused on chain, the permit pays the next request, and then it is used up.
        using var charged = await SendAsync(api.Metered(use: 5), header);
        using var again = await SendAsync(api.Metered(use: 5), header);
        Assert.Equal(HttpStatusCode.OK, charged.StatusCode);
        Assert.Equal(HttpStatusCode.PaymentRequired, again.StatusCode);
        Assert.Equal(1_000_000 - 5, await world.BalanceAsync(payer.Address));
    }

    [Fact]
    public async Task A_failed_answer_charges_nothing_and_the_same_permit_pays_the_next_try()
    {
        await using var api = await PaidApi.StartAsync(world, Maximum);
        var payer = await world.NewPayerAsync(1_000_000);
        var header = await PermitAsync(api, payer, api.Metered());

        using var failed = await SendAsync(api.Metered(fail: true), header);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.False(failed.Headers.Contains(X402HeaderNames.PaymentResponse));
        Assert.Equal(1_000_000, await world.BalanceAsync(payer.Address));

        using var served = await SendAsync(api.Metered(), header);
        Assert.True(served.StatusCode == HttpStatusCode.OK, await served.Content.ReadAsStringAsync(Ct) + api.Logs.All);
        Assert.Equal(1_000_000 - Maximum, await world.BalanceAsync(payer.Address));
    }

    public static TheoryData<string> Forgeries => ["another facilitator", "another spender", "less than the maximum", "another recipient", "expired", "another key", "another token"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_permit_is_refused_before_the_endpoint_runs_and_nothing_moves(string forgery)
    {
        await using var api = await PaidApi.StartAsync(world, Maximum);
        var payer = await world.NewPayerAsync(1_000_000);
        await ApproveAsync(payer);

        using var response = await SendAsync(api.Metered(use: 1), await ForgedAsync(api, payer, forgery));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal(PaymentProblemTypes.VerificationFailed, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("type").GetString());
        Assert.True(response.Headers.Contains(X402HeaderNames.PaymentRequired), "a fresh offer to pay instead");
        Assert.Equal(1_000_000, await world.BalanceAsync(payer.Address));
    }

    private async Task<string> PermitAsync(PaidApi api, TestAccount payer, Uri url)
    {
        using var plain = new HttpClient();
        using var challenged = await plain.GetAsync(url, Ct);
        var required = challenged.Headers.GetValues(X402HeaderNames.PaymentRequired).Single();
        var proof = await new SelfCustodyPayer(world.PayerOptions(payer)).PayAsync(new PaymentRequired
        {
            RequestUri = url,
            Method = HttpMethod.Get,
            WwwAuthenticate = [],
            PaymentRequiredHeader = required,
            Offers = new PaymentOfferReader(IndieGent.Payments.Protocol.Evm.EvmNetworkDirectory.CreateDefault(), TimeProvider.System).Read([], required),
        }, Ct);
        return proof.Headers.Single().Value;
    }

    // A permit made by hand for the endpoint's offer, with one thing wrong.
    private async Task<string> ForgedAsync(PaidApi api, TestAccount payer, string forgery)
    {
        using var plain = new HttpClient();
        using var challenged = await plain.GetAsync(api.Metered(use: 1), Ct);
        var offer = X402PaymentRequired.Parse(challenged.Headers.GetValues(X402HeaderNames.PaymentRequired).Single());
        var accepted = offer.Accepts.Single();
        var facilitator = forgery == "another facilitator" ? NewAddress() : EvmAddress.Parse(accepted.ExtraFacilitatorAddress!);
        var proxy = forgery == "another spender" ? NewAddress() : X402Permit2Signatures.UptoProxyCanonicalAddress;
        BigInteger amount = forgery == "less than the maximum" ? Maximum - 1 : Maximum;
        var to = forgery == "another recipient" ? NewAddress() : EvmAddress.Parse(accepted.PayTo);
        var token = forgery == "another token" ? NewAddress() : world.Token.Address;
        var deadline = DateTimeOffset.UtcNow.AddMinutes(forgery == "expired" ? -1 : 5).ToUnixTimeSeconds();
        var key = forgery == "another key" ? EthECKey.GenerateKey() : new EthECKey(payer.PrivateKey);
        var nonce = new BigInteger(RandomNumberGenerator.GetBytes(32), isUnsigned: true);
        var permit = new PermitTransferFrom(new TokenPermission(token, amount), nonce, deadline);
        var witness = new UptoWitness(to, facilitator, 0);
        var signature = X402Permit2Signatures.SignUpto(world.Anvil.ChainId, world.Permit2, proxy, permit, witness, key);
        var payload = new X402Permit2Payload(signature.ToHex(), Protocol(token), amount, Protocol(EvmAddress.Parse(payer.Address)), Protocol(proxy), nonce,
            deadline, Protocol(to), Protocol(facilitator), 0);
        return X402PaymentPayload.Create(offer, accepted, payload).Format();
    }

    private async Task ApproveAsync(TestAccount payer) =>
        await world.Anvil.CreateWeb3(payer.PrivateKey).Eth.GetContractTransactionHandler<IndieGent.Chain.Token.Functions.ApproveFunction>()
            .SendRequestAndWaitForReceiptAsync(world.Token.Address.ToChecksumHex(),
                new IndieGent.Chain.Token.Functions.ApproveFunction { Spender = world.Permit2.ToChecksumHex(), Value = 10_000_000 }, Ct);

    private static async Task<HttpResponseMessage> SendAsync(Uri url, string header)
    {
        using var plain = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation(X402HeaderNames.PaymentSignature, header);
        return await plain.SendAsync(request, Ct);
    }

    private static EvmAddress NewAddress() => EvmAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());

    private static ProtocolAddress Protocol(EvmAddress address) => ProtocolAddress.Parse(address.ToChecksumHex());
}
