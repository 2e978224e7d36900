using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Chain.Permit2;
using IndieGent.Payments.AspNetCore;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Sdk;
using IndieGent.Testing;
using Nethereum.Signer;
using ChainAddress = IndieGent.Chain.EvmAddress;
using ProtocolAddress = IndieGent.Payments.Protocol.Evm.EvmAddress;

namespace IndieGent.Payments.Tests;

/// <summary>
/// MPP <c>permit2</c> between our SDK and our middleware, on our Permit2 contract on anvil: one transfer, splits paid in
/// one transaction, and every forgery refused with nothing moved.
/// </summary>
public sealed class Permit2_credentials(ChainWorld world) : IClassFixture<ChainWorld>
{
    private const long Price = 40_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void Permit2Only(PaymentServerOptions o)
    {
        o.CredentialTypes.Clear();
        o.CredentialTypes.Add(EvmCredentialTypes.Permit2);
    }

    [Fact]
    public async Task The_sdk_approves_permit2_once_signs_a_witness_transfer_and_the_server_settles_it_once()
    {
        await using var api = await PaidApi.StartAsync(world, Price, Permit2Only);
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer));

        using var response = await agent.FetchAsync(api.Paid, cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct) + api.Logs.All);
        var payment = response.GetPayment()!;
        Assert.Equal(EvmCredentialTypes.Permit2, payment.Proof.CredentialType);
        var credential = PaymentCredential.Parse(payment.Proof.Headers.Single().Value);
        var request = EvmChargeRequest.FromChallenge(credential.Challenge);
        Assert.Equal(world.Settler.Address, request.MethodDetails.Spender!.Value.ToString(), ignoreCase: true);
        Assert.Equal(world.Permit2.ToChecksumHex(), request.MethodDetails.Permit2Address!.Value.ToString());
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
        Assert.Equal(1_000_000 - Price, await world.BalanceAsync(payer.Address));
        Assert.True(await new TokenClient(world.Anvil.CreateWeb3(payer.PrivateKey), world.Token.Address)
            .AllowanceAsync(ChainAddress.Parse(payer.Address), world.Permit2, Ct) > 1_000_000, "approved once, for good");

        using var replayed = await api.SendWithAsync("Authorization", payment.Proof.Headers.Single().Value);
        Assert.Equal(HttpStatusCode.PaymentRequired, replayed.StatusCode);
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
    }

    [Fact]
    public async Task Splits_are_paid_in_one_transaction_and_the_recipient_gets_the_remainder()
    {
        await using var api = await PaidApi.StartAsync(world, Price, Permit2Only);
        var payer = await world.NewPayerAsync(1_000_000);
        var shares = PaidApi.SplitShares(Price);
        var before = await Task.WhenAll(new[] { world.Merchant }.Concat(shares.Select(s => s.Recipient)).Select(world.BalanceAsync));
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer));

        using var response = await agent.FetchAsync(api.Split, cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct) + api.Logs.All);
        var payload = (EvmPermit2Payload)EvmChargePayload.FromCredential(PaymentCredential.Parse(response.GetPayment()!.Proof.Headers.Single().Value));
        Assert.True(payload.IsBatch);
        var remainder = Price - shares.Aggregate(BigInteger.Zero, (sum, s) => sum + s.Amount);
        Assert.Equal(before[0] + remainder, await world.BalanceAsync(world.Merchant));
        for (var i = 0; i < shares.Count; i++)
            Assert.Equal(before[i + 1] + shares[i].Amount, await world.BalanceAsync(shares[i].Recipient));
        Assert.Equal(1_000_000 - Price, await world.BalanceAsync(payer.Address));
        var receipt = await world.Anvil.CreateWeb3(payer.PrivateKey).Eth.Transactions.GetTransactionReceipt.SendRequestAsync(response.GetPayment()!.Receipt!.Reference);
        Assert.Equal(1 + shares.Count, receipt.Logs.Count(l => l.Address.Equals(world.Token.Address.ToChecksumHex(), StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task The_sdk_approves_no_permit2_but_its_own_whatever_a_challenge_names()
    {
        var hostile = ChainAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
        await using var api = await PaidApi.StartAsync(world, Price, o =>
        {
            Permit2Only(o);
            o.Permit2Address = hostile.ToChecksumHex();
        });
        var payer = await world.NewPayerAsync(1_000_000);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer));

        var refused = await Assert.ThrowsAsync<PaymentException>(() => agent.FetchAsync(api.Paid, cancellationToken: Ct));

        Assert.Equal(PaymentFailureReasons.NoPayableOffer, refused.Reason);
        Assert.Equal(BigInteger.Zero, await new TokenClient(world.Anvil.CreateWeb3(payer.PrivateKey), world.Token.Address)
            .AllowanceAsync(ChainAddress.Parse(payer.Address), hostile, Ct));
    }

    [Fact]
    public async Task An_endpoint_with_splits_offers_and_takes_only_permit2()
    {
        await using var api = await PaidApi.StartAsync(world, Price, o => o.CredentialTypes.Add(EvmCredentialTypes.Permit2));
        using var plain = new HttpClient();

        using var challenged = await plain.GetAsync(api.Split, Ct);
        using var x402 = await plain.SendAsync(new HttpRequestMessage(HttpMethod.Get, api.Split)
        {
            Headers = { { "PAYMENT-SIGNATURE", challenged.Headers.TryGetValues("PAYMENT-REQUIRED", out var none) ? none.Single() : "eyJ4NDAyVmVyc2lvbiI6Mn0=" } },
        }, Ct);

        Assert.False(challenged.Headers.Contains("PAYMENT-REQUIRED"), "x402 has no splits: not offered");
        var request = EvmChargeRequest.FromChallenge(PaymentChallenge.Parse(challenged.Headers.WwwAuthenticate.Single().ToString()));
        Assert.Equal([EvmCredentialTypes.Permit2], request.MethodDetails.CredentialTypes);
        Assert.Equal(2, request.MethodDetails.Splits!.Count);
        Assert.Equal(HttpStatusCode.PaymentRequired, x402.StatusCode);
        Assert.Contains("only an MPP permit2 credential", (await x402.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(),
            StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Forgeries => new()
    {
        { "wrong recipient", PaymentProblemTypes.VerificationFailed },
        { "short amount", PaymentProblemTypes.VerificationFailed },
        { "wrong token", PaymentProblemTypes.VerificationFailed },
        { "wrong chain", PaymentProblemTypes.VerificationFailed },
        { "expired", PaymentProblemTypes.PaymentExpired },
        { "altered challenge echo", PaymentProblemTypes.InvalidChallenge },
        { "signed by another key", PaymentProblemTypes.VerificationFailed },
        { "signed for another spender", PaymentProblemTypes.VerificationFailed },
        { "witness of another challenge", PaymentProblemTypes.VerificationFailed },
        { "no source", PaymentProblemTypes.MalformedCredential },
        { "replayed", PaymentProblemTypes.VerificationFailed },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_permit2_credential_is_refused_and_nothing_moves(string forgery, string problemType)
    {
        await using var api = await PaidApi.StartAsync(world, Price, Permit2Only);
        var payer = await world.NewPayerAsync(1_000_000);
        await ApproveAsync(payer);
        var before = await world.BalanceAsync(world.Merchant);
        var expectedPaid = BigInteger.Zero;
        if (forgery == "replayed")
        {
            var genuine = await CredentialAsync(api, payer, "genuine");
            using var first = await api.SendWithAsync("Authorization", genuine);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            expectedPaid = Price;
            using var again = await api.SendWithAsync("Authorization", genuine);
            await AssertRefusedAsync(again, problemType);
        }
        else
        {
            using var response = await api.SendWithAsync("Authorization", await CredentialAsync(api, payer, forgery));
            await AssertRefusedAsync(response, problemType);
        }

        Assert.Equal(before + expectedPaid, await world.BalanceAsync(world.Merchant));
        Assert.Equal(1_000_000 - expectedPaid, await world.BalanceAsync(payer.Address));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string problemType)
    {
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal(problemType, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("type").GetString());
    }

    private async Task ApproveAsync(TestAccount payer) =>
        await world.Anvil.CreateWeb3(payer.PrivateKey).Eth.GetContractTransactionHandler<IndieGent.Chain.Token.Functions.ApproveFunction>()
            .SendRequestAndWaitForReceiptAsync(world.Token.Address.ToChecksumHex(),
                new IndieGent.Chain.Token.Functions.ApproveFunction { Spender = world.Permit2.ToChecksumHex(), Value = 10_000_000 }, Ct);

    // A permit2 credential for a fresh challenge of GET /paid, made by hand, genuine or with one thing wrong.
    private async Task<string> CredentialAsync(PaidApi api, TestAccount payer, string forgery)
    {
        using var plain = new HttpClient();
        using var challenged = await plain.GetAsync(api.Paid, Ct);
        var challenge = PaymentChallenge.Parse(challenged.Headers.WwwAuthenticate.Single().ToString());
        var request = EvmChargeRequest.FromChallenge(challenge);
        var token = forgery == "wrong token" ? ChainAddress.Parse(EthECKey.GenerateKey().GetPublicAddress()) : world.Token.Address;
        var to = forgery == "wrong recipient" ? ChainAddress.Parse(payer.Address) : request.Recipient.ToChain();
        var amount = forgery == "short amount" ? Price - 1 : Price;
        var deadline = DateTimeOffset.UtcNow.AddMinutes(forgery == "expired" ? -1 : 5).ToUnixTimeSeconds();
        var hash = EvmChallengeHash.Compute(challenge);
        if (forgery == "witness of another challenge")
            hash = Bytes32.FromBytes(RandomNumberGenerator.GetBytes(32));
        var spender = forgery == "signed for another spender" ? ChainAddress.Parse(payer.Address) : ChainAddress.Parse(world.Settler.Address);
        var chainId = forgery == "wrong chain" ? 1 : world.Anvil.ChainId;
        var key = forgery == "signed by another key" ? EthECKey.GenerateKey() : new EthECKey(payer.PrivateKey);
        var nonce = new BigInteger(RandomNumberGenerator.GetBytes(32), isUnsigned: true);
        var permitted = new TokenPermission(token, amount);
        var digest = Permit2Signatures.SingleDigest(chainId, world.Permit2, permitted, spender, nonce, deadline,
            Permit2Signatures.PaymentWitnessHash(hash.ToBytes(), ""), Permit2Signatures.PaymentWitnessTypeString);
        var payload = new EvmPermit2Payload([new EvmPermit2Permission(ProtocolAddress.Parse(token.ToChecksumHex()), amount)], nonce, deadline,
            [new EvmPermit2Transfer(ProtocolAddress.Parse(to.ToChecksumHex()), amount)], hash, Permit2Signatures.Sign(digest, key).ToHex());
        var echoed = forgery == "altered challenge echo"
            ? PaymentChallenge.Parse(challenge.Format().Replace(challenge.Realm, "other.test", StringComparison.Ordinal))
            : challenge;
        var source = forgery == "no source" ? null : new DidPkh(world.Anvil.ChainId, ProtocolAddress.Parse(payer.Address)).ToString();
        return new PaymentCredential(echoed, payload.ToJsonElement(), source).Format();
    }
}

file static class Conversions
{
    public static ChainAddress ToChain(this ProtocolAddress address) => ChainAddress.Parse(address.ToString());
}
