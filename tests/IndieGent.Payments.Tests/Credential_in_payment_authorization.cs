using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Sdk;
using IndieGent.Testing;

namespace IndieGent.Payments.Tests;

/// <summary>
/// The challenge's <c>header</c> parameter: an API whose callers send a bearer key in <c>Authorization</c> asks for
/// the MPP credential in <c>Payment-Authorization</c>; our SDK sends it there and leaves the key alone; a
/// credential is accepted only from the field its challenge names.
/// </summary>
public sealed class Credential_in_payment_authorization(ChainWorld world) : IClassFixture<ChainWorld>
{
    private const long Price = 12_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FetchOptions WithBearer => new() { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer caller-key" } };

    [Fact]
    public async Task The_sdk_pays_in_payment_authorization_and_the_api_still_sees_its_callers_key()
    {
        await using var api = await PaidApi.StartAsync(world, Price, o => o.CredentialInPaymentAuthorization = true);
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        using var agent = IndieGentAgent.ForSelfCustody(world.PayerOptions(payer));

        using var response = await agent.FetchAsync(api.Paid, WithBearer, Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct) + api.Logs.All);
        var payment = response.GetPayment()!;
        var (field, credential) = payment.Proof.Headers.Single();
        Assert.Equal(PaymentHeaderNames.PaymentAuthorization, field);
        Assert.Equal(PaymentHeaderNames.PaymentAuthorization, PaymentCredential.Parse(credential).Challenge.CredentialHeader);
        Assert.Equal("Bearer caller-key", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("authorization").GetString());
        Assert.Equal("private", response.Headers.CacheControl?.ToString());
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
    }

    [Fact]
    public async Task A_credential_is_taken_only_from_the_field_its_challenge_names()
    {
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        await using var asking = await PaidApi.StartAsync(world, Price, o => o.CredentialInPaymentAuthorization = true);
        await using var plain = await PaidApi.StartAsync(world, Price);

        // A challenge that asks for Payment-Authorization, answered in Authorization; and the other way round.
        using var inAuthorization = await asking.SendWithAsync("Authorization", await asking.CredentialAsync(world.PayerOptions(payer)));
        using var inPaymentAuthorization = await plain.SendWithAsync(PaymentHeaderNames.PaymentAuthorization, await plain.CredentialAsync(world.PayerOptions(payer)));

        foreach (var refused in new[] { inAuthorization, inPaymentAuthorization })
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(PaymentProblemTypes.InvalidChallenge, problem.GetProperty("type").GetString());
            Assert.Contains("came in", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("no-store", refused.Headers.CacheControl?.ToString());
        }

        Assert.Equal(before, await world.BalanceAsync(world.Merchant));
    }
}
