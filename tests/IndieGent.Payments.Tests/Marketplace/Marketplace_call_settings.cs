using System.Security.Cryptography;
using IndieGent.Payments.AspNetCore.Marketplace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IndieGent.Payments.Tests;

/// <summary>The verifier's settings: bound from <c>MarketplaceCalls</c>, and refused at start-up, by name, when no call could be verified with them.</summary>
public sealed class Marketplace_call_settings
{
    private static readonly string PublicKey = Convert.ToBase64String(ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfo());

    private static async Task<string> StartFailureAsync(Action<MarketplaceCallOptions> configure, Action<IServiceCollection>? services = null)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(async () => await (await MarketplaceProviderHost.StartAsync(configure, services)).DisposeAsync());
        return e.Message;
    }

    [Fact]
    public void The_section_binds_every_setting()
    {
        var id = Guid.NewGuid();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MarketplaceCalls:ProviderId"] = id.ToString(),
            ["MarketplaceCalls:PlatformKeys:platform-1"] = PublicKey,
            ["MarketplaceCalls:KeysUrl"] = "https://gateway.example/v1/marketplace/keys",
            ["MarketplaceCalls:ClockSkew"] = "00:00:10",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddMarketplaceCalls(configuration.GetSection("MarketplaceCalls")).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<MarketplaceCallOptions>>().Value;

        Assert.Equal(id, options.ProviderId);
        Assert.Equal(PublicKey, options.PlatformKeys["platform-1"]);
        Assert.Equal(new Uri("https://gateway.example/v1/marketplace/keys"), options.KeysUrl);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ClockSkew);
        Assert.Equal(id, services.GetRequiredService<IMarketplaceProviderIdSource>().ProviderId);
    }

    [Fact]
    public async Task Without_a_provider_id_the_provider_does_not_start()
    {
        var message = await StartFailureAsync(o => o.PlatformKeys["platform-1"] = PublicKey);

        Assert.Contains("MarketplaceCalls:ProviderId is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_its_own_provider_id_source_a_provider_needs_no_provider_id()
    {
        await using var host = await MarketplaceProviderHost.StartAsync(o => o.PlatformKeys["platform-1"] = PublicKey,
            s => s.AddSingleton<IMarketplaceProviderIdSource, NoIdYet>());

        Assert.Null(host.Services.GetRequiredService<IMarketplaceProviderIdSource>().ProviderId);
    }

    [Fact]
    public async Task Without_keys_or_a_keys_url_the_provider_does_not_start()
    {
        var message = await StartFailureAsync(o => o.ProviderId = Guid.NewGuid());

        Assert.Contains("MarketplaceCalls:KeysUrl", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("platform-1", "not base64!")]
    [InlineData("platform-1", "AAAA")]
    [InlineData("platform.1", null)]
    [InlineData("platform-k1", "secp256k1")]
    public async Task A_pinned_key_that_is_no_P256_public_key_stops_the_start_naming_it(string keyId, string? text)
    {
        var value = text switch
        {
            null => PublicKey,
            "secp256k1" => Convert.ToBase64String(ECDsa.Create(ECCurve.CreateFromFriendlyName("secP256k1")).ExportSubjectPublicKeyInfo()),
            _ => text,
        };

        var message = await StartFailureAsync(o =>
        {
            o.ProviderId = Guid.NewGuid();
            o.PlatformKeys[keyId] = value;
        });

        Assert.Contains($"MarketplaceCalls:PlatformKeys:{keyId} must be base64 SubjectPublicKeyInfo of an ECDSA P-256 key", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/marketplace/keys")]
    [InlineData("ftp://gateway.example/keys")]
    public async Task A_keys_url_that_is_not_absolute_http_stops_the_start(string url)
    {
        var message = await StartFailureAsync(o =>
        {
            o.ProviderId = Guid.NewGuid();
            o.KeysUrl = new Uri(url, UriKind.RelativeOrAbsolute);
        });

        Assert.Contains("MarketplaceCalls:KeysUrl must be an absolute http(s) URL", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clock_skew_beyond_five_minutes_stops_the_start()
    {
        var message = await StartFailureAsync(o =>
        {
            o.ProviderId = Guid.NewGuid();
            o.PlatformKeys["platform-1"] = PublicKey;
            o.ClockSkew = TimeSpan.FromMinutes(6);
        });

        Assert.Contains("MarketplaceCalls:ClockSkew", message, StringComparison.Ordinal);
    }

    private sealed class NoIdYet : IMarketplaceProviderIdSource
    {
        public Guid? ProviderId => null;
    }
}
