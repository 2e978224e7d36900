using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IndieGent.Payments.AspNetCore;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Testing;

namespace IndieGent.Payments.Tests;

/// <summary>
/// Settlements while the chain mines nothing (anvil's mining paused, then resumed): a transfer that outlasts
/// the request is resumed by the same credential, never sent twice; settlements are bounded, one per payer.
/// </summary>
[Collection(nameof(PausedChain))]
public sealed class Settling_on_a_paused_chain(ChainWorld world, PostgresFixture postgres) : IClassFixture<ChainWorld>, IAsyncLifetime
{
    private const long Price = 30_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    // Whatever a failed test left paused: the next class shares the chain.
    public async ValueTask DisposeAsync() => await world.ResumeMiningAsync();

    [Theory]
    [InlineData(EvmCredentialTypes.Authorization, false)]
    [InlineData(EvmCredentialTypes.Transaction, true)]
    [InlineData(EvmCredentialTypes.Hash, true)]
    public async Task A_transfer_not_confirmed_in_time_is_not_sent_again_and_the_same_credential_is_served_once_it_is(
        string credentialType, bool durableReplayStore)
    {
        var database = await postgres.CreateDatabaseAsync("parked", Ct);
        await using var api = await PaidApi.StartAsync(world, Price, o =>
        {
            o.CredentialTypes.Clear();
            o.CredentialTypes.Add(credentialType);
            o.SettlementTimeout = TimeSpan.FromSeconds(2);
            // A hash proof is mined before it is presented: it waits for a second block instead.
            o.Confirmations = credentialType == EvmCredentialTypes.Hash ? 2 : 1;
        }, s =>
        {
            if (durableReplayStore)
                s.AddPostgresPaymentReplayStore(database);
        });
        var payer = await world.NewPayerAsync(1_000_000);
        var before = await world.BalanceAsync(world.Merchant);
        var credential = await api.CredentialAsync(world.PayerOptions(payer));
        var sent = await world.TransactionCountAsync(world.Settler.Address);

        await world.PauseMiningAsync();
        using var waited = await api.SendWithAsync("Authorization", credential);
        await world.ResumeMiningAsync();
        using var retried = await api.SendWithAsync("Authorization", credential);
        using var replayed = await api.SendWithAsync("Authorization", credential);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, waited.StatusCode);
        Assert.NotNull(waited.Headers.RetryAfter?.Delta);
        Assert.Equal(SettlementProblemTypes.Pending, (await waited.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("type").GetString());
        Assert.True(retried.StatusCode == HttpStatusCode.OK, await retried.Content.ReadAsStringAsync(Ct) + api.Logs.All);
        Assert.True(retried.Headers.Contains(PaymentHeaderNames.PaymentReceipt));
        Assert.Equal(HttpStatusCode.PaymentRequired, replayed.StatusCode);
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
        // The server submitted an authorization once, and never sent a payer's transaction itself.
        Assert.Equal(credentialType == EvmCredentialTypes.Authorization ? sent + 1 : sent, await world.TransactionCountAsync(world.Settler.Address));
    }

    [Fact]
    public async Task A_payer_settles_one_payment_at_a_time_and_its_balance_is_checked_after_the_previous_one()
    {
        await using var api = await PaidApi.StartAsync(world, Price);
        var payer = await world.NewPayerAsync(Price);
        var first = await api.CredentialAsync(world.PayerOptions(payer));
        var second = await api.CredentialAsync(world.PayerOptions(payer));
        var sent = await world.TransactionCountAsync(world.Settler.Address);

        await world.PauseMiningAsync();
        var answers = new[] { first, second }.Select(c => StatusAsync(api, c)).ToArray();
        await Eventually.HoldsAsync(async () => await world.TransactionCountAsync(world.Settler.Address, pending: true) > sent, Ct);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct); // time enough for a second submission, were there one
        var waiting = await world.TransactionCountAsync(world.Settler.Address, pending: true);
        await world.ResumeMiningAsync();
        var statuses = await Task.WhenAll(answers);

        Assert.Equal(sent + 1, waiting);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PaymentRequired], statuses.Order());
        Assert.Equal(sent + 1, await world.TransactionCountAsync(world.Settler.Address)); // no gas spent on the unpayable one
    }

    [Fact]
    public async Task A_settlement_beyond_the_limit_is_answered_503_with_Retry_After_and_its_credential_pays_later()
    {
        await using var api = await PaidApi.StartAsync(world, Price, o =>
        {
            o.MaxConcurrentSettlements = 1;
            o.SettlementTimeout = TimeSpan.FromSeconds(5);
        });
        var one = await api.CredentialAsync(world.PayerOptions(await world.NewPayerAsync(1_000_000)));
        var other = await api.CredentialAsync(world.PayerOptions(await world.NewPayerAsync(1_000_000)));
        var before = await world.BalanceAsync(world.Merchant);
        var sent = await world.TransactionCountAsync(world.Settler.Address);

        await world.PauseMiningAsync();
        var settling = StatusAsync(api, one);
        await Eventually.HoldsAsync(async () => await world.TransactionCountAsync(world.Settler.Address, pending: true) > sent, Ct);
        using var busy = await api.SendWithAsync("Authorization", other);
        await world.ResumeMiningAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.NotNull(busy.Headers.RetryAfter?.Delta);
        Assert.Equal(SettlementProblemTypes.Unavailable, (await busy.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, await settling);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(api, other));
        Assert.Equal(before + 2 * Price, await world.BalanceAsync(world.Merchant));
    }

    private static async Task<HttpStatusCode> StatusAsync(PaidApi api, string credential)
    {
        using var response = await api.SendWithAsync("Authorization", credential);
        return response.StatusCode;
    }
}
