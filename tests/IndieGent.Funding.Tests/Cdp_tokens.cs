using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IndieGent.Funding.Onramp;

namespace IndieGent.Funding.Tests;

/// <summary>The bearer token of a CDP call: ES256 over the header and claims CDP checks, for one request line, two minutes.</summary>
public sealed class Cdp_tokens
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_token_is_signed_for_one_request_line_and_two_minutes()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = CdpJwt.Create("organizations/o/apiKeys/k", key, "post", new Uri("https://api.cdp.coinbase.com/platform/v2/onramp/sessions"), Now);
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());
        Assert.Equal("organizations/o/apiKeys/k", header.RootElement.GetProperty("kid").GetString());
        Assert.Equal(32, header.RootElement.GetProperty("nonce").GetString()!.Length);

        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var c = claims.RootElement;
        Assert.Equal("organizations/o/apiKeys/k", c.GetProperty("sub").GetString());
        Assert.Equal("cdp", c.GetProperty("iss").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds(), c.GetProperty("nbf").GetInt64());
        Assert.Equal(Now.ToUnixTimeSeconds(), c.GetProperty("iat").GetInt64());
        Assert.Equal(Now.ToUnixTimeSeconds() + 120, c.GetProperty("exp").GetInt64());
        Assert.Equal(["POST api.cdp.coinbase.com/platform/v2/onramp/sessions"], c.GetProperty("uris").EnumerateArray().Select(u => u.GetString()));
    }

    [Fact]
    public void Each_token_has_its_own_nonce()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var url = new Uri("https://api.cdp.coinbase.com/platform/v2/onramp/sessions");
        Assert.NotEqual(CdpJwt.Create("k", key, "POST", url, Now).Split('.')[0], CdpJwt.Create("k", key, "POST", url, Now).Split('.')[0]);
    }

    [Theory]
    [InlineData("https://api.developer.coinbase.com/onramp/v1/buy/user/ref/transactions?pageSize=25", "GET api.developer.coinbase.com/onramp/v1/buy/user/ref/transactions")]
    [InlineData("http://127.0.0.1:5080/platform/v2/onramp/sessions", "GET 127.0.0.1:5080/platform/v2/onramp/sessions")]
    public void The_request_line_has_the_port_only_when_it_is_not_the_default_and_never_the_query(string url, string line) =>
        Assert.Equal(line, CdpJwt.RequestLine("GET", new Uri(url)));

    [Fact]
    public void The_secret_is_a_PEM_EC_key_even_with_escaped_line_breaks()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var oneLine = key.ExportECPrivateKeyPem().Replace("\n", "\\n", StringComparison.Ordinal);
        using var imported = CdpJwt.ImportSecret(oneLine, "Onramp:KeySecret");
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), imported.ExportSubjectPublicKeyInfo());
        var refused = Assert.Throws<InvalidOperationException>(() => CdpJwt.ImportSecret("not a key", "Onramp:KeySecret"));
        Assert.Contains("Onramp:KeySecret", refused.Message, StringComparison.Ordinal);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<InvalidOperationException>(() => CdpJwt.ImportSecret(p384.ExportECPrivateKeyPem(), "Onramp:KeySecret"));
    }
}
