using IndieGent.Payments.AspNetCore.Marketplace;

namespace IndieGent.Payments.Tests;

/// <summary>The in-memory replay store: one winner per call id, and expired ids forgotten.</summary>
public sealed class Marketplace_call_replays
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_the_first_claim_of_a_call_id_wins()
    {
        var store = new InMemoryMarketplaceCallReplayStore(TimeProvider.System);
        var id = Guid.NewGuid();
        var forgetAfter = DateTimeOffset.UtcNow.AddMinutes(1);

        var claims = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await store.TryClaimAsync(id, forgetAfter, Ct), Ct)));

        Assert.Single(claims, won => won);
    }

    [Fact]
    public async Task Expired_call_ids_are_swept_while_live_ones_are_kept()
    {
        var store = new InMemoryMarketplaceCallReplayStore(TimeProvider.System);
        var live = Guid.NewGuid();
        Assert.True(await store.TryClaimAsync(live, DateTimeOffset.UtcNow.AddMinutes(5), Ct));
        for (var i = 0; i < 2047; i++)
            Assert.True(await store.TryClaimAsync(Guid.NewGuid(), DateTimeOffset.UtcNow.AddSeconds(-1), Ct));

        Assert.InRange(store.Count, 1, 1024);
        Assert.False(await store.TryClaimAsync(live, DateTimeOffset.UtcNow.AddMinutes(5), Ct));
    }
}
