using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using IndieGent.Payments.AspNetCore;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.Offers;
using IndieGent.Payments.Protocol.X402;
using IndieGent.Sdk;
using IndieGent.Sdk.Payers;
using IndieGent.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Payments.Tests;

/// <summary>Our SDK (self-custody) against our middleware, on anvil: every credential type, every protocol, money moved once.</summary>
public sealed class Sdk_pays_the_middleware(ChainWorld world, PostgresFixture postgres) : IClassFixture<ChainWorld>
{
    private const long Price = 10_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(EvmCredentialTypes.Authorization)]
    [InlineData(EvmCredentialTypes.Transaction)]
    [InlineData(EvmCredentialTypes.Hash)]
    public async Task An_mpp_challenge_is_paid_on_chain_and_the_credential_cannot_be_replayed(string credentialType)
    {
        var database = await postgres.CreateDatabaseAsync("replay", Ct);
        await using var api = await PaidApi.StartAsync(world, Price, o =>
        {
            o.CredentialTypes.Clear();
            o.CredentialTypes.Add(credentialType);
        }, s => s.AddPostgresPaymentReplayStore(database));
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer));

        using var response = await agent.FetchAsync(api.Paid, cancellationToken: Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct) + api.Logs.All);
        var payment = response.GetPayment();
        Assert.NotNull(payment);
        Assert.Equal(PaymentProtocol.Mpp, payment.Proof.Protocol);
        Assert.Equal(credentialType, payment.Proof.CredentialType);
        Assert.NotNull(payment.Receipt);
        Assert.Equal("evm", payment.Receipt.Method);
        Assert.Equal(world.Anvil.ChainId, payment.Receipt.ChainId);
        Assert.Equal("private", response.Headers.CacheControl?.ToString());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(payment.Receipt.Reference, body.GetProperty("paidWith").GetString());
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
        Assert.Equal(1_000_000 - Price, await world.BalanceAsync(payer.Address));

        // The same credential again: refused, nothing moves.
        using var replayed = await api.SendWithAsync("Authorization", payment.Proof.Headers.Single().Value);
        Assert.Equal(HttpStatusCode.PaymentRequired, replayed.StatusCode);
        Assert.Equal(PaymentProblemTypes.VerificationFailed, (await replayed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("type").GetString());
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
    }

    [Fact]
    public async Task The_402_carries_a_bound_mpp_challenge_x402_requirements_and_a_problem()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        using var plain = new HttpClient();

        using var response = await plain.GetAsync(api.Paid, Ct);

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PaymentProblemTypes.PaymentRequired, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("type").GetString());
        var challenge = PaymentChallenge.Parse(response.Headers.WwwAuthenticate.Single().ToString());
        Assert.Equal("paid.test", challenge.Realm);
        Assert.True(ChallengeIdBinder.FromSecret("test-secret-that-is-at-least-32-bytes-long").Verify(challenge));
        Assert.NotNull(challenge.ExpiresAt);
        var request = EvmChargeRequest.FromChallenge(challenge);
        Assert.Equal(new BigInteger(Price), request.Amount);
        Assert.Equal(world.Anvil.ChainId, request.MethodDetails.ChainId);
        var x402 = X402PaymentRequired.Parse(response.Headers.GetValues("PAYMENT-REQUIRED").Single());
        var accepts = Assert.Single(x402.Accepts);
        Assert.Equal("exact", accepts.Scheme);
        Assert.Equal("eip155:31337", accepts.Network);
        Assert.Equal("USDC", accepts.ExtraName);
        Assert.Equal(api.Paid.ToString(), x402.Resource!.Url);

        using var free = await plain.GetAsync(new Uri(api.Url, "/free"), Ct);
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
    }

    [Fact]
    public async Task An_x402_offer_is_paid_when_the_agent_prefers_it()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer), new IndieGentPaymentOptions { AcceptPayment = "x402/exact, evm/charge;q=0.1" });

        using var response = await agent.FetchAsync(api.Paid, cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var payment = response.GetPayment()!;
        Assert.Equal(PaymentProtocol.X402V2, payment.Proof.Protocol);
        Assert.True(payment.SettleResponse!.Success);
        Assert.Equal(payer.Address, payment.SettleResponse.Payer, ignoreCase: true);
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));

        // The server declares payment-identifier and the SDK sent an id: the same payment again is the first answer, charged once.
        Assert.NotNull(X402PaymentIdentifier.Read(X402PaymentPayload.Parse(payment.Proof.Headers.Single().Value).Extensions));
        using var resent = await api.SendWithAsync("PAYMENT-SIGNATURE", payment.Proof.Headers.Single().Value);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
    }

    [Fact]
    public async Task A_server_speaking_the_older_dialect_is_paid_with_a_transaction_hash()
    {
        var database = await postgres.CreateDatabaseAsync("replay", Ct);
        await using var api = await PaidApi.StartAsync(world, Price, o =>
        {
            o.EnableMpp = false;
            o.EnableX402 = false;
            o.LegacyChainName = "local";
            o.CredentialTypes.Add(EvmCredentialTypes.Hash);
        }, s => s.AddPostgresPaymentReplayStore(database));
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        var options = world.PayerOptions(payer);
        var directory = EvmNetworkDirectory.CreateDefault().AddToken(world.Anvil.ChainId, "USDC",
            IndieGent.Payments.Protocol.Evm.EvmAddress.Parse(world.Token.Address.ToChecksumHex()));
        using var agent = new IndieGentAgent(new SelfCustodyPayer(options), new IndieGentPaymentOptions { Networks = directory });

        using var response = await agent.FetchAsync(api.Paid, cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var payment = response.GetPayment()!;
        Assert.Equal(PaymentProtocol.IndieGentLegacy, payment.Proof.Protocol);
        Assert.Equal(EvmCredentialTypes.Hash, payment.Proof.CredentialType);
        Assert.StartsWith("Payment credential=\"0x", payment.Proof.Headers.Single().Value);
        Assert.Equal(payment.Proof.TransactionHash, payment.LegacyReceipt!.TransactionHash.ToString());
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));

        using var replayed = await api.SendWithAsync("Authorization", payment.Proof.Headers.Single().Value);
        Assert.Equal(HttpStatusCode.PaymentRequired, replayed.StatusCode);
    }

    [Fact]
    public async Task The_same_credential_sent_ten_times_at_once_settles_once()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        var credential = await api.CredentialAsync(world.PayerOptions(payer));

        using var plain = new HttpClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, api.Paid);
            request.Headers.TryAddWithoutValidation("Authorization", credential);
            using var response = await plain.SendAsync(request, Ct);
            return response.StatusCode;
        }));

        Assert.Single(answers, s => s == HttpStatusCode.OK);
        Assert.Equal(9, answers.Count(s => s == HttpStatusCode.PaymentRequired));
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
    }

    [Fact]
    public async Task Calls_made_at_the_same_moment_each_get_their_own_challenge_and_pay_once()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer));

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => agent.FetchAsync(api.Paid, cancellationToken: Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(6, responses.Select(r => r.GetPayment()!.Receipt!.ChallengeId).Distinct().Count());
        Assert.Equal(before + 6 * Price, await world.BalanceAsync(world.Merchant));
        foreach (var response in responses)
            response.Dispose();
    }

    [Fact]
    public async Task A_post_body_is_sent_again_with_the_payment()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer));

        var streamed = new StreamContent(new MemoryStream("{\"query\":\"flights AMS-LIS\"}"u8.ToArray()));
        using var response = await agent.FetchAsync(api.Echo, new FetchOptions { Method = HttpMethod.Post, Body = streamed }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"query\":\"flights AMS-LIS\"}", await response.Content.ReadAsStringAsync(Ct));
        Assert.NotNull(response.GetPayment());
    }

    [Fact]
    public async Task A_stream_too_large_to_replay_is_a_clear_error_and_nothing_is_paid()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer), new IndieGentPaymentOptions { MaxReplayableBodyBytes = 16 });

        var body = new StreamContent(new MemoryStream(new byte[1024]));
        body.Headers.ContentLength = 1024;
        var error = await Assert.ThrowsAsync<PaymentException>(() =>
            agent.FetchAsync(api.Echo, new FetchOptions { Method = HttpMethod.Post, Body = body }, Ct));

        Assert.Equal(PaymentFailureReasons.BodyNotReplayable, error.Reason);
        Assert.Equal(1_000_000, await world.BalanceAsync(payer.Address));
    }

    [Fact]
    public async Task A_price_above_the_callers_maximum_is_not_paid()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer), new IndieGentPaymentOptions { MaxAmount = Price * 10 });

        var error = await Assert.ThrowsAsync<PaymentException>(() => agent.FetchAsync(api.Paid, new FetchOptions { MaxAmount = Price - 1 }, Ct));

        Assert.Equal(PaymentFailureReasons.PriceAboveMaximum, error.Reason);
        Assert.Equal(1_000_000, await world.BalanceAsync(payer.Address));
    }

    [Fact]
    public async Task An_offer_in_a_token_the_payer_does_not_hold_is_not_paid()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        var options = world.PayerOptions(payer);
        options.Tokens.Clear();
        options.Tokens.Add(IndieGent.Chain.EvmAddress.Parse("0x000000000000000000000000000000000000dEaD"));
        using var agent = IndieGentAgent.ForSelfCustody(options);

        var error = await Assert.ThrowsAsync<PaymentException>(() => agent.FetchAsync(api.Paid, cancellationToken: Ct));

        Assert.Equal(PaymentFailureReasons.NoPayableOffer, error.Reason);
    }

    [Fact]
    public async Task A_second_402_is_returned_not_retried_again()
    {
        // A payer whose credential the server refuses (its balance is empty): one retry, then the 402 comes back.
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(0);
        var counting = new CountingHandler();
        using var agent = new IndieGentAgent(new SelfCustodyPayer(world.PayerOptions(payer)), innerHandler: counting);

        using var response = await agent.FetchAsync(api.Paid, cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal(2, counting.Requests);
        Assert.NotNull(response.GetPayment());
        Assert.Null(response.GetPayment()!.Receipt);
    }

    [Fact]
    public async Task The_agents_preferences_are_sent_and_requests_without_402_pass_untouched()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(0);
        var counting = new CountingHandler();
        using var agent = new IndieGentAgent(new SelfCustodyPayer(world.PayerOptions(payer)),
            new IndieGentPaymentOptions { AcceptPayment = "evm/charge" }, counting);

        using var response = await agent.FetchAsync(new Uri(api.Url, "/free"), cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.GetPayment());
        Assert.Equal(1, counting.Requests);
        Assert.Equal("evm/charge", counting.LastAcceptPayment);
    }

    [Fact]
    public async Task An_http_client_from_the_factory_pays_through_AddIndieGentPayments_and_traces_the_payment()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        var services = new ServiceCollection();
        services.AddHttpClient("forecasts").AddIndieGentPayments(_ => new SelfCustodyPayer(world.PayerOptions(payer)), o => o.MaxAmount = Price);
        await using var provider = services.BuildServiceProvider();
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SdkTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (activities)
                    activities.Add(activity);
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("forecasts").GetAsync(api.Paid, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Activity payment;
        lock (activities)
            payment = Assert.Single(activities, a => a.OperationName == "payment" && (string?)a.GetTagItem("url.full") == api.Paid.ToString());
        Assert.Equal("Mpp", payment.GetTagItem("payment.protocol"));
        Assert.Equal("authorization", payment.GetTagItem("payment.credential_type"));
        Assert.Equal(Price.ToString(System.Globalization.CultureInfo.InvariantCulture), payment.GetTagItem("payment.amount"));
        Assert.Equal(response.GetPayment()!.Reference, payment.GetTagItem("payment.reference"));
    }

    [Fact]
    public async Task A_credential_type_the_server_does_not_take_is_a_400()
    {
        await using var authorizationOnly = await PaidApi.StartAsync(world, Price, o =>
        {
            o.CredentialTypes.Clear();
            o.CredentialTypes.Add(EvmCredentialTypes.Authorization);
        });
        using var plain = new HttpClient();
        using var challenged = await plain.GetAsync(authorizationOnly.Paid, Ct);
        var challenge = PaymentChallenge.Parse(challenged.Headers.WwwAuthenticate.Single().ToString());
        var hash = new PaymentCredential(challenge, new EvmHashPayload(Bytes32.FromBytes(new byte[32])).ToJsonElement()).Format();

        using var unsupported = await authorizationOnly.SendWithAsync("Authorization", hash);

        Assert.Equal(HttpStatusCode.BadRequest, unsupported.StatusCode);
        Assert.Equal(PaymentProblemTypes.MethodUnsupported, (await unsupported.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("type").GetString());
    }

    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public int Requests;

        public string? LastAcceptPayment;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Requests);
            LastAcceptPayment = request.Headers.TryGetValues("Accept-Payment", out var values) ? values.Single() : null;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
