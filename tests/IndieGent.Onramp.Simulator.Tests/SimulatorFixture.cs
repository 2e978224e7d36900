using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using IndieGent.Chain;
using IndieGent.Onramp.Simulator.Apis;
using IndieGent.Onramp.Simulator.Faults;
using IndieGent.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace IndieGent.Onramp.Simulator.Tests;

/// <summary>
/// A simulator on a real port for one test class: its own token on the shared anvil (owned by a
/// fresh account, the minter), its own API key and a webhook receiver. Tests isolate themselves
/// by a fresh partnerUserRef and destination each.
/// </summary>
public sealed class SimulatorFixture(AnvilFixture anvil) : IAsyncLifetime
{
    public const string Network = "base";

    private WebApplicationFactory<OnrampSimulator>? _factory;

    public ECDsa ApiKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public string KeyId { get; } = $"organizations/test/apiKeys/{Guid.NewGuid()}";
    public string WebhookSecret { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    public WebhookReceiver Webhooks { get; private set; } = null!;
    public TokenClient Token { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The simulator's <c>Host</c> as a client sends it, the host of the JWT's <c>uris</c>.</summary>
    public string Host => BaseAddress.Authority;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var owner = await anvil.CreateFundedAccountAsync(ct);
        var tokenAddress = await TokenDeployer.DeployAsync(anvil.CreateWeb3(owner.PrivateKey), new TokenDeploymentOptions(), ct);
        Token = new TokenClient(anvil.CreateWeb3(owner.PrivateKey), tokenAddress);
        Webhooks = await WebhookReceiver.StartAsync(ct);

        var port = FreePort.Next();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _factory = new WebApplicationFactory<OnrampSimulator>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Simulator:Network", Network);
            web.UseSetting("Simulator:WebhookUrl", Webhooks.Url.AbsoluteUri);
            web.UseSetting("Simulator:WebhookSecret", WebhookSecret);
            web.UseSetting($"Simulator:ApiKeys:{KeyId}", ApiKey.ExportSubjectPublicKeyInfoPem());
            web.UseSetting("Simulator:Chain:RpcUrl", anvil.RpcUrl);
            web.UseSetting("Simulator:Chain:ChainId", anvil.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Simulator:Chain:TokenAddress", tokenAddress.ToChecksumHex());
            web.UseSetting("Simulator:Chain:MinterKey", owner.PrivateKey);
            web.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        });
        _factory.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        _factory.StartServer();
    }

    /// <summary>A client of the simulator; <paramref name="cookies"/> for a browser-like checkout.</summary>
    public HttpClient Client(bool followRedirects = false, System.Net.CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = followRedirects, CookieContainer = cookies ?? new(), UseCookies = cookies is not null })
        {
            BaseAddress = BaseAddress,
        };

    /// <summary>A JWT for <paramref name="method"/> <paramref name="path"/> on this simulator, signed with its API key.</summary>
    public CdpJwt Jwt(string method, string path) => new(KeyId, method, Host, path);

    public async Task<HttpResponseMessage> CreateSessionAsync(object body, CancellationToken ct)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, SessionsApi.Path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Jwt("POST", SessionsApi.Path).Sign(ApiKey));
        return await client.SendAsync(request, ct);
    }

    /// <summary>Creates a session for <paramref name="amount"/> USD to <paramref name="destination"/>; returns its id and onrampUrl.</summary>
    public async Task<(string SessionId, Uri OnrampUrl)> NewSessionAsync(
        EvmAddress destination, string partnerUserRef, CancellationToken ct, string? amount = "100.00", string? redirectUrl = null)
    {
        using var response = await CreateSessionAsync(new
        {
            destinationAddress = destination.ToChecksumHex(),
            destinationNetwork = Network,
            purchaseCurrency = "USDC",
            paymentAmount = amount,
            paymentCurrency = amount is null ? null : "USD",
            partnerUserRef,
            redirectUrl,
        }, ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var url = new Uri((await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("session").GetProperty("onrampUrl").GetString()!);
        return (url.Segments[^1], url);
    }

    public async Task<SessionView> SessionAsync(string sessionId, CancellationToken ct)
    {
        using var client = Client();
        return (await client.GetFromJsonAsync<SessionView>($"/simulator/sessions/{sessionId}", ct))!;
    }

    public async Task<SessionView> PayAsync(string sessionId, CancellationToken ct)
    {
        using var client = Client();
        using var response = await client.PostAsJsonAsync($"/simulator/sessions/{sessionId}/pay", new PayRequest(null), ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SessionView>(ct))!;
    }

    public async Task SetFaultsAsync(string sessionId, FaultPlan plan, CancellationToken ct)
    {
        using var client = Client();
        using var response = await client.PutAsJsonAsync($"/simulator/sessions/{sessionId}/faults", plan, ct);
        response.EnsureSuccessStatusCode();
    }

    public Task<BigInteger> BalanceAsync(EvmAddress holder, CancellationToken ct) => Token.BalanceOfAsync(holder, ct);

    /// <summary>A fresh address nobody holds tokens at.</summary>
    public static EvmAddress NewDestination() => EvmAddress.FromBytes(RandomNumberGenerator.GetBytes(EvmAddress.Length));

    public static string NewPartnerUserRef() => $"user-{Guid.NewGuid():N}";

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
        await Webhooks.DisposeAsync();
        ApiKey.Dispose();
    }
}
