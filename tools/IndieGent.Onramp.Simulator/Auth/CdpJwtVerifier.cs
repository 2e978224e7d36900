using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IndieGent.Onramp.Simulator.Extensions;
using Microsoft.Extensions.Options;

namespace IndieGent.Onramp.Simulator.Auth;

/// <summary>
/// Verifies a CDP API bearer token as the cdp-sdk mints it (<c>go/auth/jwt.go</c>): ES256 over
/// P-256 (signature in IEEE P1363 form, base64url), header <c>alg</c>=ES256, <c>kid</c>=key id,
/// <c>typ</c>=JWT, a random hex <c>nonce</c>; claims <c>sub</c>=key id, <c>iss</c>=cdp,
/// <c>nbf</c>, <c>iat</c>, <c>exp</c> at most <see cref="MaxLifetime"/> after <c>iat</c>, and
/// <c>uris</c> holding <c>"METHOD host/path"</c> of this very request.
/// </summary>
public sealed class CdpJwtVerifier(IOptionsMonitor<SimulatorOptions> options, TimeProvider time)
{
    /// <summary>The lifetime the CDP SDKs give their tokens; longer ones are refused.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromSeconds(120);

    /// <summary>How far the caller's clock may be off ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    public const string Issuer = "cdp";
    public const string Algorithm = "ES256";
    public const string TokenType = "JWT";
    private const string BearerPrefix = "Bearer ";
    private const int P256SignatureBytes = 64;
    private const int JwtParts = 3;

    /// <summary>Null when the token is good for <paramref name="uri"/> (<c>"POST host:port/path"</c>); otherwise why not.</summary>
    public string? Refusal(string? authorization, string uri)
    {
        if (authorization is null || !authorization.StartsWith(BearerPrefix, StringComparison.Ordinal))
            return "no bearer token";
        var parts = authorization[BearerPrefix.Length..].Trim().Split('.');
        if (parts.Length != JwtParts)
            return "not a compact JWS";
        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return HeaderRefusal(header.RootElement, out var kid)
                ?? SignatureRefusal(kid, $"{parts[0]}.{parts[1]}", Base64Url.DecodeFromChars(parts[2]))
                ?? ClaimsRefusal(claims.RootElement, kid, uri);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return "malformed token";
        }
    }

    private static string? HeaderRefusal(JsonElement header, out string kid)
    {
        kid = Text(header, "kid") ?? "";
        if (Text(header, "alg") != Algorithm)
            return $"alg is not {Algorithm}";
        if (Text(header, "typ") != TokenType)
            return $"typ is not {TokenType}";
        if (kid.Length == 0)
            return "no kid";
        var nonce = Text(header, "nonce");
        return string.IsNullOrEmpty(nonce) || !nonce.All(Uri.IsHexDigit) ? "no hex nonce" : null;
    }

    private string? SignatureRefusal(string kid, string signingInput, byte[] signature)
    {
        if (!options.CurrentValue.ApiKeys.TryGetValue(kid, out var pem))
            return $"unknown key id {kid}";
        if (signature.Length != P256SignatureBytes)
            return "the signature is not a P-256 signature";
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return key.VerifyData(Encoding.ASCII.GetBytes(signingInput), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            ? null
            : "bad signature";
    }

    private string? ClaimsRefusal(JsonElement claims, string kid, string uri)
    {
        if (Text(claims, "sub") != kid)
            return "sub is not the key id";
        if (Text(claims, "iss") != Issuer)
            return $"iss is not {Issuer}";
        if (Seconds(claims, "nbf") is not { } nbf || Seconds(claims, "iat") is not { } iat || Seconds(claims, "exp") is not { } exp)
            return "nbf, iat or exp missing";
        if (exp - iat > MaxLifetime.TotalSeconds || exp <= iat)
            return $"lifetime is not within {MaxLifetime.TotalSeconds} s";
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (now + ClockSkew.TotalSeconds < nbf || now + ClockSkew.TotalSeconds < iat)
            return "not yet valid";
        if (now - ClockSkew.TotalSeconds >= exp)
            return "expired";
        if (!claims.TryGetProperty("uris", out var uris) || uris.ValueKind != JsonValueKind.Array)
            return "no uris";
        return uris.EnumerateArray().Any(u => u.ValueKind == JsonValueKind.String && u.GetString() == uri)
            ? null
            : $"uris do not hold {uri}";
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Seconds(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            ? seconds
            : null;
}
