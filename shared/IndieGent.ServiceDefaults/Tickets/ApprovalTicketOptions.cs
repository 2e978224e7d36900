namespace IndieGent.ServiceDefaults.Tickets;

/// <summary>
/// Configuration section <c>Tickets</c>. The Ledger sets <see cref="KeyId"/> and
/// <see cref="PrivateKey"/>; the Wallet sets <see cref="PublicKeys"/> (every key id it trusts, the
/// old one too while a rotation is under way).
/// </summary>
public sealed class ApprovalTicketOptions
{
    public const string Section = "Tickets";

    /// <summary>The id of the key the Ledger signs with (<c>Tickets:KeyId</c>).</summary>
    public string? KeyId { get; set; }

    /// <summary>Base64 PKCS#8 of the Ledger's ECDSA P-256 private key (<c>Tickets:PrivateKey</c>).</summary>
    public string? PrivateKey { get; set; }

    /// <summary>Key id → base64 SubjectPublicKeyInfo of an ECDSA P-256 public key (<c>Tickets:PublicKeys:&lt;keyId&gt;</c>).</summary>
    public Dictionary<string, string> PublicKeys { get; set; } = [];
}
