using System.Security.Cryptography;
using IndieGent.Contracts.Payments;
using IndieGent.ServiceDefaults.Identity;
using IndieGent.ServiceDefaults.Tickets;

namespace IndieGent.Wallet.Tests;

/// <summary>Keys generated per test run; nothing here is a real secret.</summary>
public static class TestSecrets
{
    /// <summary>The Gateway's identity key in these tests (the Wallet trusts its public half as "test-gateway").</summary>
    public static readonly ECDsa IdentityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static string IdentityPublicKey => Convert.ToBase64String(IdentityKey.ExportSubjectPublicKeyInfo());

    /// <summary>Signs forwarded identities as the Gateway does (or as a forger would, with another key).</summary>
    public static ForwardedIdentitySigner Signer(ECDsa? key = null) => new("test-gateway", key ?? IdentityKey, TimeProvider.System);
    public static readonly byte[] MasterKeyA = RandomNumberGenerator.GetBytes(32);
    public static readonly byte[] MasterKeyB = RandomNumberGenerator.GetBytes(32);

    /// <summary>The Ledger's ticket key in these tests (the Wallet trusts its public half as "test-ledger").</summary>
    public static readonly ECDsa TicketKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static string TicketPublicKey => Convert.ToBase64String(TicketKey.ExportSubjectPublicKeyInfo());

    /// <summary>An approval ticket as the Ledger signs it (or as a forger would, with another <paramref name="key"/>).</summary>
    public static string Ticket(Guid paymentId, Guid agentId, long chainId, string token, string recipient, string amount,
        string credentialType = "authorization", TimeSpan? lifetime = null, ECDsa? key = null, string? spender = null,
        IReadOnlyList<PaymentSplit>? splits = null) =>
        ApprovalTicketCodec.Sign(new ApprovalTicket(paymentId, agentId, chainId, token, recipient, amount, credentialType, DateTimeOffset.UtcNow,
            DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromMinutes(5)), spender, splits), "test-ledger", key ?? TicketKey);

    /// <summary>
    /// A new directory of master key files as a mounted Kubernetes Secret lays them out: each key a
    /// link to a file under a hidden, timestamped folder, beside the hidden <c>..data</c> link.
    /// </summary>
    public static string MasterKeysDirectory(IReadOnlyDictionary<string, byte[]> keys)
    {
        var root = Directory.CreateTempSubdirectory("indiegent-wallet-keys-").FullName;
        var version = Directory.CreateDirectory(Path.Combine(root, "..2026_12_04_00_00_00.000000001")).FullName;
        foreach (var (id, key) in keys)
        {
            File.WriteAllText(Path.Combine(version, id), Convert.ToBase64String(key) + "\n");
            File.CreateSymbolicLink(Path.Combine(root, id), Path.Combine("..data", id));
        }

        Directory.CreateSymbolicLink(Path.Combine(root, "..data"), Path.GetFileName(version));
        return root;
    }

    /// <summary>A header for one request to the Wallet.</summary>
    public static string Header(string role, Guid? operatorId, Guid? agentId, string method, string path, DateTimeOffset? issuedAt = null,
        string audience = "wallet", ECDsa? key = null) =>
        Signer(key).Sign(new ForwardedIdentity(role, operatorId, agentId, "test-key", DateTimeOffset.UtcNow), audience, method, path, issuedAt);
}
