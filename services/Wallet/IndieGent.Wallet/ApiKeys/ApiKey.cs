using System.Security.Cryptography;

namespace IndieGent.Wallet.ApiKeys;

/// <summary>
/// A stored API key: its public id and the SHA-256 of its secret, never the secret. The secret is
/// 32 random bytes, so a fast hash is enough; a slow password hash only matters for guessable input.
/// </summary>
public sealed record ApiKey(
    string Id, byte[] SecretHash, ApiKeyRole Role, Guid OperatorId, Guid? AgentId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Compares the presented secret with the stored hash in constant time.</summary>
    public bool Matches(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        ApiKeyFormat.HashSecret(secret, hash);
        return CryptographicOperations.FixedTimeEquals(hash, SecretHash);
    }
}
