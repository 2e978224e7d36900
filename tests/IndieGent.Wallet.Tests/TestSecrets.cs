using System.Security.Cryptography;
using IndieGent.ServiceDefaults.Identity;

namespace IndieGent.Wallet.Tests;

/// <summary>Keys generated per test run; nothing here is a real secret.</summary>
public static class TestSecrets
{
    public static readonly byte[] SigningKey = RandomNumberGenerator.GetBytes(32);
    public static readonly byte[] MasterKeyA = RandomNumberGenerator.GetBytes(32);
    public static readonly byte[] MasterKeyB = RandomNumberGenerator.GetBytes(32);

    public static ForwardedIdentityCodec Codec { get; } = new(SigningKey);

    public static string Header(string role, Guid? operatorId = null, Guid? agentId = null, DateTimeOffset? issuedAt = null, string keyId = "test-key") =>
        Codec.Sign(new ForwardedIdentity(role, operatorId, agentId, keyId, issuedAt ?? DateTimeOffset.UtcNow));
}
