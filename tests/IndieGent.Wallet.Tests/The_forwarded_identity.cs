using System.Net.Http.Json;
using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using IndieGent.ServiceDefaults.Identity;
using IndieGent.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using IndieGent.Wallet.Api;

namespace IndieGent.Wallet.Tests;

public sealed class The_forwarded_identity(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly WalletHost _host = new(postgres);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _host.InitializeAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static ForwardedIdentityVerifier Verifier(string audience = "wallet") =>
        new(new Dictionary<string, ECDsa> { ["test-gateway"] = TestSecrets.IdentityKey }, audience);

    [Fact]
    public void Round_trips_for_the_request_it_was_signed_for_once()
    {
        var now = DateTimeOffset.UtcNow;
        var identity = new ForwardedIdentity(IdentityRoles.Agent, Guid.NewGuid(), Guid.NewGuid(), "k1", DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()));
        var header = TestSecrets.Signer().Sign(identity, "wallet", "GET", "/v1/wallet", identity.IssuedAt);
        var verifier = Verifier();
        Assert.True(verifier.TryVerify(header, "GET", "/v1/wallet", now.AddSeconds(59), out var verified, out _));
        Assert.Equal(identity, verified);
        // Captured and replayed: refused, even at the same service for the same request.
        Assert.False(verifier.TryVerify(header, "GET", "/v1/wallet", now, out _, out var failure));
        Assert.Equal("replayed", failure);
    }

    [Fact]
    public void Refuses_a_header_signed_for_another_service_method_or_path()
    {
        var identity = new ForwardedIdentity(IdentityRoles.Admin, null, null, "admin", DateTimeOffset.UtcNow);
        var header = TestSecrets.Signer().Sign(identity, "ledger", "GET", "/v1/accounts/x/audit");
        Assert.False(Verifier().TryVerify(header, "GET", "/v1/accounts/x/audit", DateTimeOffset.UtcNow, out _, out var failure));
        Assert.Equal("signed for another service", failure);

        var verifier = Verifier("ledger");
        Assert.False(verifier.TryVerify(header, "POST", "/v1/accounts/x/audit", DateTimeOffset.UtcNow, out _, out failure));
        Assert.Equal("signed for another request", failure);
        Assert.False(verifier.TryVerify(header, "GET", "/v1/accounts/y/audit", DateTimeOffset.UtcNow, out _, out failure));
        Assert.Equal("signed for another request", failure);
    }

    [Fact]
    public void Refuses_an_agent_identity_without_an_agent_id_even_when_signed()
    {
        var header = TestSecrets.Signer().Sign(new ForwardedIdentity(IdentityRoles.Agent, Guid.NewGuid(), null, "k", DateTimeOffset.UtcNow), "wallet", "GET", "/");
        Assert.False(Verifier().TryVerify(header, "GET", "/", DateTimeOffset.UtcNow, out _, out _));
    }

    [Fact]
    public async Task Lets_a_fresh_signed_operator_identity_in()
    {
        using var client = _host.Operator(Guid.NewGuid());
        using var response = await client.GetAsync("/v1/agents", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string> BadHeaders() =>
        ["unsigned", "empty signature", "payload swapped", "untrusted key", "another service", "another method", "another path", "stale", "from the future",
            "garbage"];

    // Built when the case runs, not when the theory is discovered: a header minted minutes earlier
    // (on a busy machine) would be stale, or no longer from the future, for the wrong reason.
    private static string BadHeader(string kind)
    {
        var operatorId = Guid.NewGuid();
        var valid = TestSecrets.Header(IdentityRoles.Operator, operatorId, null, "GET", "/v1/agents");
        var parts = valid.Split('.');
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return kind switch
        {
            "unsigned" => parts[0] + "." + parts[1],
            "empty signature" => parts[0] + "." + parts[1] + ".",
            "payload swapped" => parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
                $$"""{"role":"admin","keyId":"x","issuedAt":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}},"aud":"wallet","method":"GET","path":"/v1/agents","jti":"j"}""")) +
                "." + parts[2],
            "untrusted key" => TestSecrets.Header(IdentityRoles.Operator, operatorId, null, "GET", "/v1/agents", key: otherKey),
            "another service" => TestSecrets.Header(IdentityRoles.Operator, operatorId, null, "GET", "/v1/agents", audience: "ledger"),
            "another method" => TestSecrets.Header(IdentityRoles.Operator, operatorId, null, "POST", "/v1/agents"),
            "another path" => TestSecrets.Header(IdentityRoles.Operator, operatorId, null, "GET", "/v1/keys"),
            "stale" => TestSecrets.Header(IdentityRoles.Operator, operatorId, null, "GET", "/v1/agents", DateTimeOffset.UtcNow.AddMinutes(-2)),
            "from the future" => TestSecrets.Header(IdentityRoles.Operator, operatorId, null, "GET", "/v1/agents", DateTimeOffset.UtcNow.AddMinutes(2)),
            _ => "garbage",
        };
    }

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task Answers_a_forged_unsigned_misdirected_or_stale_header_with_401_problem(string kind)
    {
        using var client = _host.Client();
        client.DefaultRequestHeaders.TryAddWithoutValidation(ForwardedIdentityDefaults.HeaderName, BadHeader(kind));
        using var response = await client.GetAsync("/v1/agents", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("https://indiegent.dev/problems/unauthenticated", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_a_replayed_header_with_401()
    {
        var header = TestSecrets.Header(IdentityRoles.Operator, Guid.NewGuid(), null, "GET", "/v1/agents");
        using var client = _host.Client();
        client.DefaultRequestHeaders.TryAddWithoutValidation(ForwardedIdentityDefaults.HeaderName, header);
        using (var first = await client.GetAsync("/v1/agents", Ct))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var replayed = await client.GetAsync("/v1/agents", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
    }

    [Fact]
    public async Task Answers_no_header_with_401_problem()
    {
        using var client = _host.Client();
        using var response = await client.PostAsync("/internal/api-keys/verify", JsonContent.Create(new { apiKey = "igk_x" }), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void Refuses_to_start_with_an_unusable_public_key_and_names_the_setting()
    {
        using var factory = new WebApplicationFactory<WalletApi>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:walletdb", _host.ConnectionString)
            .UseSetting("ConnectionStrings:rabbitmq", "amqp://nobody:nothing@127.0.0.1:1/")
            .UseSetting("Identity:PublicKeys:test-gateway", Convert.ToBase64String(new byte[16]))
            .UseSetting("Tickets:PublicKeys:test-ledger", TestSecrets.TicketPublicKey)
            .UseSetting("Wallet:MasterKeysPath", TestSecrets.MasterKeysDirectory(new Dictionary<string, byte[]> { ["a"] = TestSecrets.MasterKeyA }))
            .UseSetting("Wallet:ActiveKeyId", "a"));
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Identity:PublicKeys:test-gateway", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_to_start_with_master_keys_given_as_settings()
    {
        using var factory = new WebApplicationFactory<WalletApi>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:walletdb", _host.ConnectionString)
            .UseSetting("ConnectionStrings:rabbitmq", "amqp://nobody:nothing@127.0.0.1:1/")
            .UseSetting("Identity:PublicKeys:test-gateway", TestSecrets.IdentityPublicKey)
            .UseSetting("Tickets:PublicKeys:test-ledger", TestSecrets.TicketPublicKey)
            .UseSetting("Wallet:MasterKeys:a", Convert.ToBase64String(TestSecrets.MasterKeyA))
            .UseSetting("Wallet:ActiveKeyId", "a"));
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Wallet:MasterKeysPath", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(TestSecrets.MasterKeyA), error.ToString(), StringComparison.Ordinal);
    }
}
