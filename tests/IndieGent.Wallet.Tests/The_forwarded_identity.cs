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

    [Fact]
    public void Round_trips_through_the_codec()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var identity = new ForwardedIdentity(IdentityRoles.Agent, Guid.NewGuid(), Guid.NewGuid(), "k1", now);
        Assert.True(TestSecrets.Codec.TryVerify(TestSecrets.Codec.Sign(identity), now.AddSeconds(59), ForwardedIdentityDefaults.MaxSkew,
            out var verified, out _));
        Assert.Equal(identity, verified);
    }

    [Fact]
    public void Refuses_an_agent_identity_without_an_agent_id_even_when_signed()
    {
        var header = TestSecrets.Codec.Sign(new ForwardedIdentity(IdentityRoles.Agent, Guid.NewGuid(), null, "k", DateTimeOffset.UtcNow));
        Assert.False(TestSecrets.Codec.TryVerify(header, DateTimeOffset.UtcNow, ForwardedIdentityDefaults.MaxSkew, out _, out _));
    }

    [Fact]
    public async Task Lets_a_fresh_signed_operator_identity_in()
    {
        using var client = _host.Operator(Guid.NewGuid());
        using var response = await client.GetAsync("/v1/agents", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string> BadHeaders()
    {
        var operatorId = Guid.NewGuid();
        var valid = TestSecrets.Header(IdentityRoles.Operator, operatorId);
        var payload = valid[..valid.IndexOf('.')];
        var forgedPayload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $$"""{"role":"admin","operatorId":"{{operatorId}}","keyId":"x","issuedAt":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}}"""));
        var otherKey = new ForwardedIdentityCodec(RandomNumberGenerator.GetBytes(32));
        return new TheoryData<string>
        {
            payload, // unsigned
            payload + ".", // empty signature
            forgedPayload + valid[valid.IndexOf('.')..], // payload swapped under a real signature
            otherKey.Sign(new ForwardedIdentity(IdentityRoles.Operator, operatorId, null, "k", DateTimeOffset.UtcNow)), // wrong key
            TestSecrets.Header(IdentityRoles.Operator, operatorId, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-2)), // stale
            TestSecrets.Header(IdentityRoles.Operator, operatorId, issuedAt: DateTimeOffset.UtcNow.AddMinutes(2)), // from the future
            "garbage",
        };
    }

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task Answers_a_forged_unsigned_or_stale_header_with_401_problem(string header)
    {
        using var client = _host.Client();
        client.DefaultRequestHeaders.TryAddWithoutValidation(ForwardedIdentityDefaults.HeaderName, header);
        using var response = await client.GetAsync("/v1/agents", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("https://indiegent.dev/problems/unauthenticated", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
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
    public void Refuses_to_start_with_a_short_signing_key_and_names_the_setting()
    {
        using var factory = new WebApplicationFactory<WalletApi>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:walletdb", _host.ConnectionString)
            .UseSetting("ConnectionStrings:rabbitmq", "amqp://nobody:nothing@127.0.0.1:1/")
            .UseSetting("Identity:InternalSigningKey", Convert.ToBase64String(new byte[16]))
            .UseSetting("Tickets:PublicKeys:test-ledger", TestSecrets.TicketPublicKey)
            .UseSetting("Wallet:MasterKeys:a", Convert.ToBase64String(TestSecrets.MasterKeyA))
            .UseSetting("Wallet:ActiveKeyId", "a"));
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Identity:InternalSigningKey", error.ToString(), StringComparison.Ordinal);
    }
}
