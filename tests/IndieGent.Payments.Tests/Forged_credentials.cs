using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Payments.AspNetCore;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.Offers;
using IndieGent.Payments.Protocol.X402;
using IndieGent.Sdk;
using IndieGent.Sdk.Payers;
using IndieGent.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Signer;
using ChainAddress = IndieGent.Chain.EvmAddress;
using ProtocolAddress = IndieGent.Payments.Protocol.Evm.EvmAddress;

namespace IndieGent.Payments.Tests;

/// <summary>Forged and altered proofs are refused with the right problem, and no money moves.</summary>
public sealed class Forged_credentials(ChainWorld world, PostgresFixture postgres) : IClassFixture<ChainWorld>, IAsyncLifetime
{
    private const long Price = 50_000;

    private PaidApi _api = null!;
    private TestAccount _payer = null!;
    private PaymentChallenge _challenge = null!;
    private TokenDomain _domain = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api = await PaidApi.StartAsync(world, Price);
        _payer = await world.NewPayerAsync(1_000_000);
        using var plain = new HttpClient();
        using var challenged = await plain.GetAsync(_api.Paid, Ct);
        _challenge = PaymentChallenge.Parse(challenged.Headers.WwwAuthenticate.Single().ToString());
        _domain = await world.Token.ReadDomainAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    public static TheoryData<string, string> Forgeries => new()
    {
        { "wrong recipient", PaymentProblemTypes.VerificationFailed },
        { "short amount", PaymentProblemTypes.PaymentInsufficient },
        { "wrong token", PaymentProblemTypes.VerificationFailed },
        { "wrong chain", PaymentProblemTypes.VerificationFailed },
        { "expired", PaymentProblemTypes.PaymentExpired },
        { "altered challenge echo", PaymentProblemTypes.InvalidChallenge },
        { "signed by another key", PaymentProblemTypes.VerificationFailed },
        { "nonce of another challenge", PaymentProblemTypes.VerificationFailed },
        { "not base64url", PaymentProblemTypes.MalformedCredential },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_mpp_credential_is_refused_and_nothing_moves(string forgery, string problemType)
    {
        var before = await world.BalanceAsync(world.Merchant);

        using var response = await _api.SendWithAsync("Authorization", Credential(forgery));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(problemType, problem.GetProperty("type").GetString());
        Assert.NotEmpty(response.Headers.WwwAuthenticate); // a fresh challenge to pay instead
        Assert.Equal(before, await world.BalanceAsync(world.Merchant));
        Assert.Equal(1_000_000, await world.BalanceAsync(_payer.Address));
    }

    [Fact]
    public async Task A_forgery_in_the_payers_name_does_not_use_up_its_authorization()
    {
        using var forged = await _api.SendWithAsync("Authorization", Credential("signed by another key"));
        using var genuine = await _api.SendWithAsync("Authorization", Credential());

        Assert.Equal(HttpStatusCode.PaymentRequired, forged.StatusCode);
        Assert.True(genuine.StatusCode == HttpStatusCode.OK, await genuine.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1_000_000 - Price, await world.BalanceAsync(_payer.Address));
    }

    [Fact]
    public async Task An_x402_payment_for_less_than_the_price_is_refused()
    {
        using var plain = new HttpClient();
        using var challenged = await plain.GetAsync(_api.Paid, Ct);
        var required = X402PaymentRequired.Parse(challenged.Headers.GetValues(X402HeaderNames.PaymentRequired).Single());
        var accepted = required.Accepts.Single();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var authorization = new TransferAuthorization(ChainAddress.Parse(_payer.Address), world.Merchant, Price - 1, 0, now + 300, Eip3009.NewNonce());
        var signature = Eip3009.SignTransferWithAuthorization(_domain, authorization, new EthECKey(_payer.PrivateKey));
        var payload = new X402ExactEvmPayload(signature.ToHex(), new X402Eip3009Authorization(Protocol(authorization.From), Protocol(authorization.To),
            authorization.Value, authorization.ValidAfter, authorization.ValidBefore, Bytes32.FromBytes(authorization.Nonce)));

        using var response = await _api.SendWithAsync(X402HeaderNames.PaymentSignature, X402PaymentPayload.Create(required, accepted, payload).Format());

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal(PaymentProblemTypes.PaymentInsufficient, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("type").GetString());
        Assert.Equal(1_000_000, await world.BalanceAsync(_payer.Address));
    }

    [Fact]
    public async Task A_hash_credential_presented_to_two_instances_at_once_pays_once_with_the_shared_replay_store()
    {
        var database = await postgres.CreateDatabaseAsync("replay", Ct);
        void HashOnly(PaymentServerOptions o)
        {
            o.CredentialTypes.Clear();
            o.CredentialTypes.Add(EvmCredentialTypes.Hash);
        }

        // hash proofs have no on-chain nonce: only the replay store stands between a proof and a second use.
        await using var first = await PaidApi.StartAsync(world, Price, HashOnly, s => s.AddPostgresPaymentReplayStore(database));
        await using var second = await PaidApi.StartAsync(world, Price, HashOnly, s => s.AddPostgresPaymentReplayStore(database));
        var payer = new SelfCustodyPayer(world.PayerOptions(await world.NewPayerAsync(1_000_000)));
        using var plain = new HttpClient();
        using var challenged = await plain.GetAsync(first.Paid, Ct);
        var proof = await payer.PayAsync(new PaymentRequired
        {
            RequestUri = first.Paid,
            Method = HttpMethod.Get,
            WwwAuthenticate = [challenged.Headers.WwwAuthenticate.Single().ToString()],
            Offers = new PaymentOfferReader(EvmNetworkDirectory.CreateDefault(), TimeProvider.System)
                .Read([challenged.Headers.WwwAuthenticate.Single().ToString()]),
        }, Ct);
        var credential = proof.Headers.Single().Value;

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, (i % 2 == 0 ? first : second).Paid);
            request.Headers.TryAddWithoutValidation("Authorization", credential);
            using var response = await plain.SendAsync(request, Ct);
            return response.StatusCode;
        }));

        Assert.True(answers.Count(s => s == HttpStatusCode.OK) == 1 && answers.Count(s => s == HttpStatusCode.PaymentRequired) == 9,
            string.Join(", ", answers));
    }

    /// <summary>The payer's authorization for <see cref="_challenge"/>, altered as <paramref name="forgery"/> says (not at all when null).</summary>
    private string Credential(string? forgery = null)
    {
        if (forgery == "not base64url")
            return "Payment not*base64url!";
        var challenge = _challenge;
        var key = new EthECKey(_payer.PrivateKey);
        var domain = _domain;
        var to = world.Merchant;
        BigInteger value = Price;
        BigInteger validBefore = DateTimeOffset.UtcNow.AddMinutes(4).ToUnixTimeSeconds();
        var nonce = EvmChallengeHash.Compute(challenge);
        switch (forgery)
        {
            case "wrong recipient":
                to = ChainAddress.Parse(EthECKey.GenerateKey().GetPublicAddress());
                break;
            case "short amount":
                value = Price - 1;
                break;
            case "wrong token":
                domain = domain with { VerifyingContract = ChainAddress.Parse("0x000000000000000000000000000000000000dEaD") };
                break;
            case "wrong chain":
                domain = domain with { ChainId = 1 };
                break;
            case "expired":
                validBefore = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
                break;
            case "altered challenge echo":
                // Same id, cheaper request: the HMAC no longer matches.
                var request = JsonSerializer.SerializeToUtf8Bytes(new
                {
                    amount = "1",
                    currency = world.Token.Address.ToChecksumHex(),
                    recipient = world.Merchant.ToChecksumHex(),
                    methodDetails = new { chainId = world.Anvil.ChainId },
                });
                challenge = PaymentChallenge.Create(_challenge.Id, _challenge.Realm, _challenge.Method, _challenge.Intent, request, _challenge.ExpiresAt);
                break;
            case "signed by another key":
                key = EthECKey.GenerateKey();
                break;
            case "nonce of another challenge":
                nonce = EvmChallengeHash.Compute("another-challenge-id", _challenge.Realm);
                break;
        }

        var from = ChainAddress.Parse(_payer.Address);
        var authorization = new TransferAuthorization(from, to, value, 0, validBefore, nonce.ToBytes());
        // Signed as typed data directly: the library's signer refuses a key that is not the payer's.
        var signature = EvmSignature.Parse(Nethereum.Signer.EIP712.Eip712TypedDataSigner.Current.SignTypedDataV4(
            Eip3009.TransferWithAuthorizationTypedData(domain, authorization), key));
        var payload = new EvmAuthorizationPayload(Protocol(from), Protocol(to), value, 0, validBefore, nonce, signature.ToHex());
        return new PaymentCredential(challenge, payload.ToJsonElement(), new DidPkh(world.Anvil.ChainId, Protocol(from)).ToString()).Format();
    }

    private static ProtocolAddress Protocol(ChainAddress address) => ProtocolAddress.Parse(address.ToChecksumHex());
}
