using System.Security.Cryptography;

namespace IndieGent.AppHost.Infrastructure;

/// <summary>
/// Secrets for a local run, fresh each start: the key pair the Gateway signs forwarded identities
/// with (every service gets only the public half), the Wallet's master key, the Ledger's approval-ticket key pair (the
/// Wallet gets only the public half), the administrator's API key, the sample paid API's challenge secret, and the
/// Coinbase Onramp simulator's CDP API key pair (Funding gets the secret, the simulator the public key) and
/// webhook secret, and the key the Gateway signs marketplace call headers with. Local data is thrown away with the
/// AppHost, so nothing ever needs the old keys; hosted deployments get theirs from Kubernetes secrets.
/// </summary>
public sealed record DevSecrets(string IdentityPrivateKey, string IdentityPublicKey, string WalletMasterKey, string AdminApiKey,
    string SamplePaymentsSecret, string TicketPrivateKey, string TicketPublicKey, string CdpKeySecret, string CdpPublicKey, string OnrampWebhookSecret,
    string MarketplaceCallKey)
{
    public const string MasterKeyId = "dev";

    public const string TicketKeyId = "dev";

    public const string IdentityKeyId = "dev";

    /// <summary>The id providers see on marketplace call headers (its public key is at <c>/v1/marketplace/keys</c>).</summary>
    public const string MarketplaceCallKeyId = "dev-marketplace";

    /// <summary>The CDP API key id Funding presents to the simulator.</summary>
    public const string CdpKeyId = "dev-onramp";

    public static DevSecrets Generate()
    {
        using var ticketKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var identityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cdpKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var marketplaceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new(
            Convert.ToBase64String(identityKey.ExportPkcs8PrivateKey()),
            Convert.ToBase64String(identityKey.ExportSubjectPublicKeyInfo()),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            "igk_admin_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            Convert.ToBase64String(ticketKey.ExportPkcs8PrivateKey()),
            Convert.ToBase64String(ticketKey.ExportSubjectPublicKeyInfo()),
            cdpKey.ExportECPrivateKeyPem(),
            cdpKey.ExportSubjectPublicKeyInfoPem(),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            Convert.ToBase64String(marketplaceKey.ExportPkcs8PrivateKey()));
    }

    /// <summary>
    /// Writes the master key as the Wallet reads it (one file per key in a directory, as a mounted
    /// Secret brings it), readable by this user only, and returns the directory.
    /// </summary>
    public string WriteMasterKeyFiles()
    {
        var directory = Directory.CreateTempSubdirectory("indiegent-dev-keys-").FullName;
        var path = Path.Combine(directory, MasterKeyId);
        if (OperatingSystem.IsWindows())
            File.WriteAllText(path, WalletMasterKey);
        else
        {
            using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            file.Write(System.Text.Encoding.ASCII.GetBytes(WalletMasterKey));
        }

        return directory;
    }
}
