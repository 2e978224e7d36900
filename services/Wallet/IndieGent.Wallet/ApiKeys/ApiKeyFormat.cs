using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace IndieGent.Wallet.ApiKeys;

/// <summary>
/// <c>igk_&lt;keyId&gt;_&lt;secret&gt;</c>: keyId is 16 lower-case hex digits (public, the lookup key),
/// secret is base64url of 32 random bytes. The prefix lets secret scanners recognise leaked keys.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "igk_";
    public const int KeyIdBytes = 8;
    public const int SecretBytes = 32;

    // Nothing legitimate is longer; a bound keeps hashing of hostile input cheap.
    public const int MaxLength = 128;

    /// <summary>Generates a new key for the given owner.</summary>
    public static IssuedApiKey Issue(ApiKeyRole role, Guid operatorId, Guid? agentId, DateTimeOffset now)
    {
        if (role == ApiKeyRole.Agent && agentId is null)
            throw new ArgumentException("An agent key names its agent.", nameof(agentId));

        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdBytes));
        var secretBytes = RandomNumberGenerator.GetBytes(SecretBytes);
        var secret = Base64Url.EncodeToString(secretBytes);
        CryptographicOperations.ZeroMemory(secretBytes);

        var hash = new byte[SHA256.HashSizeInBytes];
        HashSecret(secret, hash);
        return new IssuedApiKey(
            new ApiKey(keyId, hash, role, operatorId, role == ApiKeyRole.Agent ? agentId : null, now, null),
            Prefix + keyId + "_" + secret);
    }

    /// <summary>Splits a presented key; false for anything not shaped like one of ours.</summary>
    public static bool TryParse(string? raw, [NotNullWhen(true)] out string? keyId, [NotNullWhen(true)] out string? secret)
    {
        keyId = secret = null;
        if (raw is null || raw.Length > MaxLength || !raw.StartsWith(Prefix, StringComparison.Ordinal))
            return false;

        var rest = raw.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator != 2 * KeyIdBytes)
            return false;
        var id = rest[..separator];
        if (id.ContainsAnyExcept("0123456789abcdef"))
            return false;
        var secretPart = rest[(separator + 1)..];
        if (secretPart.IsEmpty || !Base64Url.IsValid(secretPart))
            return false;

        keyId = id.ToString();
        secret = secretPart.ToString();
        return true;
    }

    /// <summary>SHA-256 of the secret's UTF-8 bytes.</summary>
    public static void HashSecret(string secret, Span<byte> destination) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), destination);
}
