using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndieGent.Payments.AspNetCore;
using IndieGent.Payments.Protocol.X402;
using IndieGent.Sdk;
using IndieGent.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Payments.Tests;

/// <summary>
/// The x402 <c>payment-identifier</c> extension between our SDK and our middleware: the server declares it, the SDK
/// sends an id, the same payment sent again gets the first answer and is charged once, another payment under the id
/// is a 409, and an id whose payment paid nothing can be used again.
/// </summary>
public sealed class X402_payment_identifier(ChainWorld world, PostgresFixture postgres) : IClassFixture<ChainWorld>
{
    private const long Price = 9_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IndieGentPaymentOptions PreferX402 => new() { AcceptPayment = "x402/exact, evm/charge;q=0.1" };

    [Fact]
    public async Task The_same_payment_sent_again_gets_the_first_answer_and_is_charged_once_even_on_another_instance()
    {
        var database = await postgres.CreateDatabaseAsync("payids", Ct);
        await using var first = await PaidApi.StartAsync(world, Price, services: s => s.AddPostgresPaymentReplayStore(database));
        await using var second = await PaidApi.StartAsync(world, Price, services: s => s.AddPostgresPaymentReplayStore(database));
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer), PreferX402);

        using var paid = await agent.FetchAsync(first.Paid, cancellationToken: Ct);

        Assert.True(paid.StatusCode == HttpStatusCode.OK, await paid.Content.ReadAsStringAsync(Ct) + first.Logs.All);
        var header = paid.GetPayment()!.Proof.Headers.Single().Value;
        var id = X402PaymentIdentifier.Read(X402PaymentPayload.Parse(header).Extensions);
        Assert.True(X402PaymentIdentifier.IsValid(id));
        var body = await paid.Content.ReadAsStringAsync(Ct);

        // A lost answer: the agent sends the same payment again, to either instance.
        foreach (var api in new[] { first, second })
        {
            using var again = await api.SendWithAsync(X402HeaderNames.PaymentSignature, header);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(body, await again.Content.ReadAsStringAsync(Ct));
            Assert.Equal(paid.Headers.GetValues(X402HeaderNames.PaymentResponse).Single(), again.Headers.GetValues(X402HeaderNames.PaymentResponse).Single());
        }

        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
    }

    [Fact]
    public async Task Another_payment_or_another_route_under_the_same_id_is_a_409_checked_before_anything_else()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer), PreferX402);
        using var paid = await agent.FetchAsync(api.Paid, cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var header = paid.GetPayment()!.Proof.Headers.Single().Value;
        var before = await world.BalanceAsync(world.Merchant);

        // The same id with another payload (its nonce changed, so its signature no longer holds: the id is looked at first).
        var altered = JsonNode.Parse(Convert.FromBase64String(header))!;
        altered["payload"]!["authorization"]!["nonce"] = "0x" + new string('7', 64);
        using var otherPayment = await api.SendWithAsync(X402HeaderNames.PaymentSignature,
            Convert.ToBase64String(Encoding.UTF8.GetBytes(altered.ToJsonString())));
        // The same payment presented to another route.
        using var otherRoute = await SendAsync(HttpMethod.Post, api.Echo, header);

        foreach (var conflict in new[] { otherPayment, otherRoute })
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            Assert.Equal(SettlementProblemTypes.PaymentIdentifierConflict, (await conflict.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("type").GetString());
        }

        Assert.Equal(before, await world.BalanceAsync(world.Merchant));
    }

    [Fact]
    public async Task An_answer_too_large_to_keep_is_not_served_again_for_the_same_payment()
    {
        await using var api = await PaidApi.StartAsync(world, Price, o => o.MaxRememberedAnswerBytes = 8);
        var payer = await world.NewPayerAsync(1_000_000);
        var header = await X402HeaderAsync(api, payer);

        using var served = await api.SendWithAsync(X402HeaderNames.PaymentSignature, header);
        using var again = await api.SendWithAsync(X402HeaderNames.PaymentSignature, header);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("not kept", (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1_000_000 - Price, await world.BalanceAsync(payer.Address));
    }

    [Fact]
    public async Task Resent_at_the_same_moment_the_payment_settles_once()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        var header = await X402HeaderAsync(api, payer);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => api.SendWithAsync(X402HeaderNames.PaymentSignature, header)));

        // Each is the answer (first or remembered) or "in progress, send it again": never a second charge, never a refusal.
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        using var afterwards = await api.SendWithAsync(X402HeaderNames.PaymentSignature, header);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
        foreach (var answer in answers)
            answer.Dispose();
    }

    [Fact]
    public async Task An_id_whose_payment_paid_nothing_can_pay_later_and_a_required_id_is_asked_for()
    {
        await using var api = await PaidApi.StartAsync(world, Price, o => o.PaymentIdentifier = PaymentIdentifierUse.Required);
        var payer = await world.NewPayerAsync(Price - 1);
        var header = await X402HeaderAsync(api, payer);

        using var shortOfFunds = await api.SendWithAsync(X402HeaderNames.PaymentSignature, header);
        Assert.Equal(HttpStatusCode.PaymentRequired, shortOfFunds.StatusCode);
        await world.Token.MintAsync(EvmAddressOf(payer), 1, Ct);
        using var funded = await api.SendWithAsync(X402HeaderNames.PaymentSignature, header);
        Assert.True(funded.StatusCode == HttpStatusCode.OK, await funded.Content.ReadAsStringAsync(Ct) + api.Logs.All);

        // Required: the 402 says so, and a payment without an id is a 400.
        using var plain = new HttpClient();
        using var challenged = await plain.GetAsync(api.Paid, Ct);
        var offer = X402PaymentRequired.Parse(challenged.Headers.GetValues(X402HeaderNames.PaymentRequired).Single());
        Assert.True(X402PaymentIdentifier.IsDeclared(offer.Extensions, out var required) && required);
        var withoutId = JsonNode.Parse(Convert.FromBase64String(header))!;
        withoutId.AsObject().Remove("extensions");
        using var anonymous = await api.SendWithAsync(X402HeaderNames.PaymentSignature, Convert.ToBase64String(Encoding.UTF8.GetBytes(withoutId.ToJsonString())));
        Assert.Equal(HttpStatusCode.BadRequest, anonymous.StatusCode);
        Assert.Equal(SettlementProblemTypes.PaymentIdentifierRequired, (await anonymous.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("type").GetString());
    }

    // A PAYMENT-SIGNATURE for GET /paid made by our SDK, not sent.
    private async Task<string> X402HeaderAsync(PaidApi api, TestAccount payer)
    {
        using var plain = new HttpClient();
        using var challenged = await plain.GetAsync(api.Paid, Ct);
        var required = challenged.Headers.GetValues(X402HeaderNames.PaymentRequired).Single();
        var proof = await new IndieGent.Sdk.Payers.SelfCustodyPayer(world.PayerOptions(payer)).PayAsync(new PaymentRequired
        {
            RequestUri = api.Paid,
            Method = HttpMethod.Get,
            WwwAuthenticate = [],
            PaymentRequiredHeader = required,
            Offers = new IndieGent.Payments.Protocol.Offers.PaymentOfferReader(IndieGent.Payments.Protocol.Evm.EvmNetworkDirectory.CreateDefault(),
                TimeProvider.System).Read([], required),
        }, Ct);
        return proof.Headers.Single().Value;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, string header)
    {
        using var plain = new HttpClient();
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation(X402HeaderNames.PaymentSignature, header);
        return await plain.SendAsync(request, Ct);
    }

    private static IndieGent.Chain.EvmAddress EvmAddressOf(TestAccount account) => IndieGent.Chain.EvmAddress.Parse(account.Address);
}
