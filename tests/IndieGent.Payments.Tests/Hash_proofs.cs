using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IndieGent.Payments.AspNetCore;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nethereum.Signer;

namespace IndieGent.Payments.Tests;

/// <summary>
/// A <c>hash</c> proof (the payer broadcast the transfer) pays only the challenge it answers: mined after the
/// challenge was issued, sent by the credential's source or paid from it (a relayed authorization); and it is offered only with a replay store that
/// survives a restart, the chain keeping no record of which transfer paid what.
/// </summary>
public sealed class Hash_proofs(ChainWorld world, PostgresFixture postgres) : IClassFixture<ChainWorld>
{
    private const long Price = 15_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_transfer_mined_before_the_challenge_was_issued_does_not_pay_it()
    {
        var clock = new ShiftedClock();
        await using var api = await StartAsync(HashOnly, clock);
        var payer = await world.NewPayerAsync(1_000_000);
        var earlier = await world.TransferToMerchantAsync(payer, Price);
        clock.Offset = TimeSpan.FromMinutes(1);
        var challenge = await ChallengeAsync(api);

        using var response = await api.SendWithAsync("Authorization", Credential(challenge, earlier, payer.Address));

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task A_transfer_older_than_the_dialects_max_age_does_not_pay()
    {
        var clock = new ShiftedClock();
        await using var api = await StartAsync(o =>
        {
            o.LegacyChainName = "local";
            o.CredentialTypes.Add(EvmCredentialTypes.Hash);
        }, clock);
        var payer = await world.NewPayerAsync(1_000_000);
        var old = await world.TransferToMerchantAsync(payer, Price);
        clock.Offset = new PaymentServerOptions().ChallengeLifetime + TimeSpan.FromMinutes(1);

        using var response = await api.SendWithAsync("Authorization", new LegacyPaymentCredential(Bytes32.Parse(old), "local", "USDC").Format());

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task A_transfer_sent_by_another_account_than_the_source_does_not_pay_and_stays_usable_by_its_sender()
    {
        await using var api = await StartAsync(HashOnly);
        var payer = await world.NewPayerAsync(1_000_000);
        var challenge = await ChallengeAsync(api);
        var transfer = await world.TransferToMerchantAsync(payer, Price);

        using var claimed = await api.SendWithAsync("Authorization", Credential(challenge, transfer, EthECKey.GenerateKey().GetPublicAddress()));
        using var own = await api.SendWithAsync("Authorization", Credential(challenge, transfer, payer.Address));

        await AssertRefusedAsync(claimed);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task A_transfer_relayed_for_the_source_pays_as_the_source_though_another_account_sent_it()
    {
        await using var api = await StartAsync(HashOnly);
        var payer = await world.NewPayerAsync(1_000_000);
        var challenge = await ChallengeAsync(api);
        // The payer signs an EIP-3009 authorization; a gas relayer (another account) sends it.
        var domain = await world.Token.ReadDomainAsync(Ct);
        var authorization = new IndieGent.Chain.TransferAuthorization(IndieGent.Chain.EvmAddress.Parse(payer.Address), world.Merchant, Price, 0,
            DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(), IndieGent.Chain.Eip3009.NewNonce());
        var signature = IndieGent.Chain.Eip3009.SignTransferWithAuthorization(domain, authorization, new EthECKey(payer.PrivateKey));
        var relayer = await world.Anvil.CreateFundedAccountAsync(Ct);
        var relayed = await new IndieGent.Chain.TokenClient(world.Anvil.CreateWeb3(relayer.PrivateKey), world.Token.Address)
            .TransferWithAuthorizationAsync(authorization, signature, Ct);

        using var response = await api.SendWithAsync("Authorization", Credential(challenge, relayed.TransactionHash, payer.Address));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Hash_proofs_and_the_older_dialect_refuse_to_start_with_a_replay_store_a_restart_empties()
    {
        var hash = await Assert.ThrowsAsync<OptionsValidationException>(() => PaidApi.StartAsync(world, Price, HashOnly));
        var dialect = await Assert.ThrowsAsync<OptionsValidationException>(() => PaidApi.StartAsync(world, Price, o =>
        {
            o.LegacyChainName = "local";
            o.CredentialTypes.Add(EvmCredentialTypes.Hash);
        }));

        Assert.Contains("durable replay store", hash.Message, StringComparison.Ordinal);
        Assert.Contains("durable replay store", dialect.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_older_dialect_refuses_to_start_without_hash_among_the_credential_types()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(o => o.LegacyChainName = "local"));

        Assert.Contains("LegacyChainName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_realm_that_is_not_printable_ascii_refuses_to_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(o => o.Realm = "café.example"));

        Assert.Contains("Realm", error.Message, StringComparison.Ordinal);
    }

    private static void HashOnly(PaymentServerOptions options)
    {
        options.CredentialTypes.Clear();
        options.CredentialTypes.Add(EvmCredentialTypes.Hash);
    }

    private async Task<PaidApi> StartAsync(Action<PaymentServerOptions> configure, TimeProvider? clock = null)
    {
        var database = await postgres.CreateDatabaseAsync("hash", Ct);
        return await PaidApi.StartAsync(world, Price, configure, services =>
        {
            services.AddPostgresPaymentReplayStore(database);
            if (clock is not null)
                services.AddSingleton(clock);
        });
    }

    private static async Task<PaymentChallenge> ChallengeAsync(PaidApi api)
    {
        using var plain = new HttpClient();
        using var challenged = await plain.GetAsync(api.Paid, Ct);
        return PaymentChallenge.Parse(challenged.Headers.WwwAuthenticate.Single().ToString());
    }

    private string Credential(PaymentChallenge challenge, string transactionHash, string source) =>
        new PaymentCredential(challenge, new EvmHashPayload(Bytes32.Parse(transactionHash)).ToJsonElement(),
            new DidPkh(world.Anvil.ChainId, EvmAddress.Parse(source)).ToString()).Format();

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal(PaymentProblemTypes.VerificationFailed, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("type").GetString());
    }

    /// <summary>The system clock moved by <see cref="Offset"/>: a server issuing its challenges that much later than the chain's blocks.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;
    }
}
