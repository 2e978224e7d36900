using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace IndieGent.Onramp.Simulator.Tests;

/// <summary>
/// Mints CDP API bearer tokens for tests, as the cdp-sdk does (ES256, kid, typ JWT, hex nonce;
/// sub, iss cdp, nbf, iat, exp, uris), with every part overridable to build bad ones.
/// </summary>
public sealed record CdpJwt(string KeyId, string Method, string Host, string Path)
{
    private const int NonceBytes = 16;

    public DateTimeOffset IssuedAt { get; init; } = DateTimeOffset.UtcNow;
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromSeconds(120);
    public string Algorithm { get; init; } = "ES256";
    public string Issuer { get; init; } = "cdp";

    /// <summary>Null: the one entry the request needs, <c>"METHOD host/path"</c>.</summary>
    public IReadOnlyList<string>? Uris { get; init; }

    public string Sign(ECDsa key)
    {
        var header = new Dictionary<string, object>
        {
            ["alg"] = Algorithm,
            ["kid"] = KeyId,
            ["typ"] = "JWT",
            ["nonce"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(NonceBytes)),
        };
        var iat = IssuedAt.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["sub"] = KeyId,
            ["iss"] = Issuer,
            ["nbf"] = iat,
            ["iat"] = iat,
            ["exp"] = iat + (long)Lifetime.TotalSeconds,
            ["uris"] = Uris ?? [$"{Method} {Host}{Path}"],
        };
        var input = $"{Part(header)}.{Part(claims)}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{input}.{Base64Url.EncodeToString(signature)}";
    }

    private static string Part(Dictionary<string, object> json) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(json));
}
