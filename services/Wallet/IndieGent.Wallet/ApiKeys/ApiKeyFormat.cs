using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using IndieGent.Contracts.ApiKeys;

namespace IndieGent.Wallet.ApiKeys;

/// <summary>
/// Issues keys of the <see cref="ApiKeyShape"/> (<c>igk_&lt;keyId&gt;_&lt;secret&gt;</c>); the secret is base64url of
/// 32 random bytes, stored only as its SHA-256. The prefix lets secret scanners recognise leaked keys.
/// </summary>
public static class ApiKeyFormat
{
    public const int SecretBytes = 32;

    /// <summary>Generates a new key for the given owner.</summary>
    public static IssuedApiKey Issue(ApiKeyRole role, Guid operatorId, Guid? agentId, DateTimeOffset now)
    {
        if (role == ApiKeyRole.Agent && agentId is null)
            throw new ArgumentException("An agent key names its agent.", nameof(agentId));

        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(ApiKeyShape.KeyIdBytes));
        var secretBytes = RandomNumberGenerator.GetBytes(SecretBytes);
        var secret = Base64Url.EncodeToString(secretBytes);
        CryptographicOperations.ZeroMemory(secretBytes);

        var hash = new byte[SHA256.HashSizeInBytes];
        HashSecret(secret, hash);
        return new IssuedApiKey(
            new ApiKey(keyId, hash, role, operatorId, role == ApiKeyRole.Agent ? agentId : null, now, null),
            ApiKeyShape.Prefix + keyId + "_" + secret);
    }

    /// <summary>SHA-256 of the secret's UTF-8 bytes.</summary>
    public static void HashSecret(string secret, Span<byte> destination) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), destination);
}
