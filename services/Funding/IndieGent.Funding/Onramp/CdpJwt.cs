using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace IndieGent.Funding.Onramp;

/// <summary>
/// The bearer token of a Coinbase Developer Platform (CDP) REST call: a JWT signed with the API
/// key's secret (ES256), valid for one request line for two minutes. Header <c>alg</c> ES256,
/// <c>kid</c> = key id, <c>typ</c> JWT, a random <c>nonce</c>; claims <c>sub</c> = key id,
/// <c>iss</c> = "cdp", <c>nbf</c> = <c>iat</c> = now, <c>exp</c> = now + 120 s,
/// <c>uris</c> = ["METHOD host/path"].
/// </summary>
public static class CdpJwt
{
    /// <summary>CDP refuses tokens that live longer.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(120);

    private const int NonceBytes = 16;

    public static string Create(string keyId, ECDsa key, string method, Uri url, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(url);
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["alg"] = "ES256",
            ["kid"] = keyId,
            ["typ"] = "JWT",
            ["nonce"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(NonceBytes)),
        });
        var issued = now.ToUnixTimeSeconds();
        var claims = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = keyId,
            ["iss"] = "cdp",
            ["nbf"] = issued,
            ["iat"] = issued,
            ["exp"] = issued + (long)Lifetime.TotalSeconds,
            ["uris"] = new[] { RequestLine(method, url) },
        });
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(claims);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>"POST api.cdp.coinbase.com/platform/v2/onramp/sessions": the method, the authority (with a port only when it is not the scheme's default) and the path.</summary>
    public static string RequestLine(string method, Uri url) =>
        $"{method.ToUpperInvariant()} {(url.IsDefaultPort ? url.Host : url.Authority)}{url.AbsolutePath}";

    /// <summary>The API key secret as CDP hands it out: a PEM EC private key (P-256); refuses anything else, naming <paramref name="setting"/>.</summary>
    public static ECDsa ImportSecret(string? pem, string setting)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem((pem ?? "").Replace("\\n", "\n", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"The setting {setting} must be the CDP API key secret: a PEM EC (P-256) private key.", e);
        }

        if (key.KeySize == 256)
            return key;
        key.Dispose();
        throw new InvalidOperationException($"The setting {setting} holds a {key.KeySize}-bit key; CDP's ES256 keys are P-256.");
    }
}
