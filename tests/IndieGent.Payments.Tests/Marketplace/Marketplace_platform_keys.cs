using System.Net;
using IndieGent.Payments.AspNetCore.Marketplace;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Payments.Tests;

/// <summary>
/// Platform keys from the Gateway's <c>GET /v1/marketplace/keys</c> (a real Kestrel endpoint): fetched on first need and
/// cached, fetched again for a key id not seen (at most once per 30 s) and when ten minutes old, so a key rotates without a
/// restart; while they cannot be fetched, calls under unknown key ids are answered 503.
/// </summary>
public sealed class Marketplace_platform_keys : IAsyncLifetime
{
    private static readonly Guid Provider = Guid.NewGuid();
    private readonly PlatformSigner _old = new("platform-a");
    private readonly PlatformSigner _new = new("platform-b");
    private PlatformKeysServer _gateway = null!;

    public async ValueTask InitializeAsync()
    {
        _gateway = await PlatformKeysServer.StartAsync(TestContext.Current.CancellationToken);
        _gateway.Serve(_old);
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _old.Dispose();
        _new.Dispose();
    }

    private Task<MarketplaceProviderHost> StartProviderAsync(Action<MarketplaceCallOptions>? more = null, Action<IServiceCollection>? services = null) =>
        MarketplaceProviderHost.StartAsync(o =>
        {
            o.ProviderId = Provider;
            o.KeysUrl = _gateway.KeysUrl;
            more?.Invoke(o);
        }, services);

    private static async Task<HttpStatusCode> CallAsync(MarketplaceProviderHost host, PlatformSigner signer)
    {
        using var response = await host.SendAsync("GET", "/paid", signer.Seal(PlatformSigner.Call(Provider, "GET", "/paid", host.Clock.GetUtcNow())));
        return response.StatusCode;
    }

    [Fact]
    public async Task Keys_are_fetched_on_the_first_call_and_then_served_from_the_cache()
    {
        await using var host = await StartProviderAsync();
        Assert.Equal(0, _gateway.Requests);

        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, _old));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, _old));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, _old));

        Assert.Equal(1, _gateway.Requests);
        Assert.Contains(host.Logs.Lines, l => l.Contains("Fetched 1 marketplace platform key(s): platform-a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rotation_to_a_new_key_id_is_picked_up_without_a_restart_and_the_retired_key_is_dropped()
    {
        await using var host = await StartProviderAsync();
        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, _old));

        // The Gateway publishes the new key. Right after a fetch the provider does not ask again for every unknown id...
        _gateway.Serve(_old, _new);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(host, _new));
        Assert.Equal(1, _gateway.Requests);

        // ...but once 30 s have passed, an unknown id makes it fetch again, and the new key is trusted.
        host.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, _new));
        Assert.Equal(2, _gateway.Requests);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, _old));
        Assert.Equal(2, _gateway.Requests);

        // The Gateway retires the old key; ten minutes on, the provider's keys are refreshed and the old key is no longer trusted.
        _gateway.Serve(_new);
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(host, _old));
        Assert.Equal(3, _gateway.Requests);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, _new));
    }

    [Fact]
    public async Task While_the_keys_cannot_be_fetched_calls_are_answered_503_and_later_admitted()
    {
        _gateway.Failing = true;
        await using var host = await StartProviderAsync();

        using (var response = await host.SendAsync("GET", "/paid", _old.Seal(PlatformSigner.Call(Provider, "GET", "/paid", host.Clock.GetUtcNow()))))
        {
            var problem = await MarketplaceProviderHost.ProblemAsync(response);
            Assert.Equal((503, MarketplaceProblemTypes.Unavailable), (problem.Status, problem.Type));
            Assert.Contains("keys cannot be fetched", problem.Detail, StringComparison.Ordinal);
            Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 30);
        }

        Assert.Contains(host.Logs.Lines, l => l.Contains("Warning: Fetching the marketplace platform keys from " + _gateway.KeysUrl, StringComparison.Ordinal));
        // Within the cooldown nobody asks again.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await CallAsync(host, _old));
        Assert.Equal(1, _gateway.Requests);

        _gateway.Failing = false;
        host.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, _old));
        Assert.Equal(2, _gateway.Requests);
    }

    [Fact]
    public async Task Known_keys_stay_trusted_when_a_refresh_fails()
    {
        await using var host = await StartProviderAsync();
        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, _old));

        _gateway.Failing = true;
        host.Clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, _old));
        Assert.Equal(2, _gateway.Requests);
    }

    [Fact]
    public async Task A_pinned_key_is_used_without_asking_the_gateway()
    {
        await using var host = await StartProviderAsync(o => o.PlatformKeys[_new.KeyId] = _new.PublicKey);

        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, _new));
        Assert.Equal(0, _gateway.Requests);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, _old));
        Assert.Equal(1, _gateway.Requests);
    }

    [Fact]
    public async Task Entries_that_are_not_ES256_P256_keys_are_skipped()
    {
        using var secp256k1 = new PlatformSigner("platform-k1", System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.CreateFromFriendlyName("secP256k1")));
        await using var host = await StartProviderAsync();
        _gateway.Serve(_old, secp256k1);

        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, _old));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(host, secp256k1));
        Assert.Contains(host.Logs.Lines, l => l.Contains("Skipped an entry of the marketplace platform keys", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Until_the_provider_knows_its_id_calls_are_answered_503()
    {
        var source = new LateProviderId();
        await using var host = await StartProviderAsync(o => o.ProviderId = Guid.Empty, s => s.AddSingleton<IMarketplaceProviderIdSource>(source));

        using (var response = await host.SendAsync("GET", "/paid", _old.Seal(PlatformSigner.Call(Provider, "GET", "/paid", host.Clock.GetUtcNow()))))
        {
            var problem = await MarketplaceProviderHost.ProblemAsync(response);
            Assert.Equal((503, MarketplaceProblemTypes.Unavailable), (problem.Status, problem.Type));
            Assert.Contains("not registered", problem.Detail, StringComparison.Ordinal);
            Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        }

        source.ProviderId = Provider;
        Assert.Equal(HttpStatusCode.OK, await CallAsync(host, _old));
    }

    private sealed class LateProviderId : IMarketplaceProviderIdSource
    {
        public Guid? ProviderId { get; set; }
    }
}
