using System.Net;
using IndieGent.Payments.AspNetCore;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Testing;

namespace IndieGent.Payments.Tests;

/// <summary>A payer the server refuses is answered 403 whatever it pays with, and the server moves none of its money.</summary>
public sealed class Refused_payers(ChainWorld world, PostgresFixture postgres) : IClassFixture<ChainWorld>
{
    private const long Price = 20_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(EvmCredentialTypes.Authorization)]
    [InlineData(EvmCredentialTypes.Transaction)]
    [InlineData(EvmCredentialTypes.Hash)]
    public async Task A_refused_payer_is_answered_403_whatever_it_pays_with(string credentialType)
    {
        var payer = await world.NewPayerAsync(1_000_000);
        var database = await postgres.CreateDatabaseAsync("refused", Ct);
        await using var api = await PaidApi.StartAsync(world, Price, o =>
        {
            o.CredentialTypes.Clear();
            o.CredentialTypes.Add(credentialType);
            o.IsPayerRefused = address => string.Equals(address, payer.Address, StringComparison.OrdinalIgnoreCase);
        }, s => s.AddPostgresPaymentReplayStore(database));
        // A hash credential is made by paying: that transfer is the payer's own, not the server's.
        var credential = await api.CredentialAsync(world.PayerOptions(payer));
        var before = await world.BalanceAsync(world.Merchant);

        using var response = await api.SendWithAsync("Authorization", credential);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains(PaymentHeaderNames.PaymentReceipt));
        Assert.Equal(before, await world.BalanceAsync(world.Merchant));
    }
}
