using System.Net;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Tests;

/// <summary>
/// The node refusing a settlement the server sent (its key had taken a nonce for it) leaves no gap: the next settlement
/// numbers its transaction from the node again and is mined, instead of waiting behind the refused one for good.
/// </summary>
public sealed class A_refused_submission(ChainWorld world) : IClassFixture<ChainWorld>
{
    private const long Price = 40_000;

    [Fact]
    public async Task Leaves_no_nonce_gap_and_the_next_settlement_goes_through()
    {
        await using var node = await RefusingNode.StartAsync(new Uri(world.Anvil.RpcUrl));
        await using var api = await PaidApi.StartAsync(world, Price, o =>
        {
            o.RpcUrl = node.Url;
            o.CredentialTypes.Clear();
            o.CredentialTypes.Add(EvmCredentialTypes.Authorization);
            o.SettlementTimeout = TimeSpan.FromSeconds(5);
        });
        var first = await api.CredentialAsync(world.PayerOptions(await world.NewPayerAsync(1_000_000)));
        var second = await api.CredentialAsync(world.PayerOptions(await world.NewPayerAsync(1_000_000)));
        var before = await world.BalanceAsync(world.Merchant);

        node.RefuseNextRawTransaction();
        using var refused = await api.SendWithAsync("Authorization", first);
        using var paid = await api.SendWithAsync("Authorization", second);

        Assert.Equal(1, node.Refused);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.True(paid.StatusCode == HttpStatusCode.OK, await paid.Content.ReadAsStringAsync(TestContext.Current.CancellationToken) + api.Logs.All);
        Assert.True(paid.Headers.Contains(PaymentHeaderNames.PaymentReceipt));
        Assert.Equal(before + Price, await world.BalanceAsync(world.Merchant));
    }
}
