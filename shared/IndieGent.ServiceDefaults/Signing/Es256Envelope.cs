using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace IndieGent.ServiceDefaults.Signing;

/// <summary>
/// The one signed-text format of the platform's internal credentials (approval tickets, forwarded
/// identities): <c>keyId.base64url(payload).base64url(ECDSA P-256 / SHA-256 signature over
/// "keyId.payload")</c>. One service holds the private key; the others hold public keys by id, so
/// keys rotate by adding the new public key everywhere before the signer switches to it.
/// </summary>
public static class Es256Envelope
{
    /// <summary>The signed text of <paramref name="payload"/>.</summary>
    public static string Seal(ReadOnlySpan<byte> payload, string keyId, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (string.IsNullOrEmpty(keyId) || keyId.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException("A key id is a non-empty name without dots.", nameof(keyId));
        var signed = keyId + "." + Base64Url.EncodeToString(payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signed + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>
    /// The payload of <paramref name="text"/> when one of <paramref name="keys"/> signed it; otherwise
    /// null and why (for logs: it names no secret). The signature is checked before anything else is read.
    /// </summary>
    public static byte[]? Open(string? text, IReadOnlyDictionary<string, ECDsa> keys, int maxLength, string what, out string problem)
    {
        ArgumentNullException.ThrowIfNull(keys);
        problem = "";
        var parts = (text ?? "").Split('.');
        if (parts.Length != 3 || text!.Length > maxLength)
        {
            problem = $"The {what} is missing, oversized or not of the form keyId.payload.signature.";
            return null;
        }

        if (!keys.TryGetValue(parts[0], out var key))
        {
            problem = $"The {what} was signed with key '{Printable(parts[0])}', which this service does not trust.";
            return null;
        }

        if (FromBase64Url(parts[1]) is not { } payload || FromBase64Url(parts[2]) is not { } signature ||
            !key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            problem = $"The {what}'s signature is not valid.";
            return null;
        }

        return payload;
    }

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

    private static byte[]? FromBase64Url(string text)
    {
        try
        {
            return Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Printable(string text) =>
        text.Length <= 40 && !text.AsSpan().ContainsAnyExceptInRange(' ', '~') ? text : "(unprintable)";
}
