using System.Security.Cryptography;

namespace IndieGent.ServiceDefaults.Signing;

/// <summary>
/// The keys of <see cref="IndieGent.Payments.Protocol.Signing.Es256Envelope"/>s as services configure them:
/// ECDSA P-256, private keys as base64 PKCS#8, public keys as base64 SubjectPublicKeyInfo by key id. Every
/// failure is a start-up error naming the setting.
/// </summary>
public static class Es256Keys
{
    /// <summary>A new key pair for development and tests: (base64 PKCS#8 private, base64 SPKI public).</summary>
    public static (string PrivateKey, string PublicKey) GenerateKeyPair()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (Convert.ToBase64String(key.ExportPkcs8PrivateKey()), Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>The private key in <paramref name="base64Pkcs8"/>; refuses anything but P-256, naming <paramref name="setting"/>.</summary>
    public static ECDsa ImportPrivateKey(string? base64Pkcs8, string setting)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(Convert.FromBase64String(base64Pkcs8 ?? ""), out _);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"The setting {setting} must be base64 PKCS#8 of an ECDSA P-256 key.", e);
        }

        return RequireP256(key, setting);
    }

    /// <summary>Every public key of <paramref name="base64Spki"/> by id; refuses an empty set or anything but P-256, naming <paramref name="setting"/>.</summary>
    public static IReadOnlyDictionary<string, ECDsa> ImportPublicKeys(IReadOnlyDictionary<string, string> base64Spki, string setting)
    {
        if (base64Spki.Count == 0)
            throw new InvalidOperationException($"The setting {setting}:<keyId> (environment variable {setting.Replace(":", "__", StringComparison.Ordinal)}__<keyId>) is missing.");
        var keys = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        foreach (var (id, text) in base64Spki)
        {
            var key = ECDsa.Create();
            try
            {
                key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(text), out _);
            }
            catch (Exception e) when (e is FormatException or CryptographicException)
            {
                key.Dispose();
                throw new InvalidOperationException($"The setting {setting}:{id} must be base64 SubjectPublicKeyInfo of an ECDSA P-256 key.", e);
            }

            keys[id] = RequireP256(key, $"{setting}:{id}");
        }

        return keys;
    }

    /// <summary>Refuses a key id that cannot head an envelope, naming <paramref name="setting"/>.</summary>
    public static string RequireKeyId(string? keyId, string setting) =>
        string.IsNullOrWhiteSpace(keyId) || keyId.Contains('.', StringComparison.Ordinal)
            ? throw new InvalidOperationException($"The setting {setting} (environment variable {setting.Replace(":", "__", StringComparison.Ordinal)}) is missing or contains a dot.")
            : keyId;

    private static ECDsa RequireP256(ECDsa key, string setting)
    {
        if (key.KeySize == 256)
            return key;
        key.Dispose();
        throw new InvalidOperationException($"The setting {setting} holds a {key.KeySize}-bit key; ECDSA P-256 is required.");
    }
}
