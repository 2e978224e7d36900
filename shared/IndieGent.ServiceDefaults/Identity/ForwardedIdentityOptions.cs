namespace IndieGent.ServiceDefaults.Identity;

/// <summary>
/// Configuration section <c>Identity</c>. Only the Gateway sets <see cref="KeyId"/> and
/// <see cref="SigningKey"/>; every service sets <see cref="PublicKeys"/> (each key id it trusts,
/// the old one too while a rotation is under way).
/// </summary>
public sealed class ForwardedIdentityOptions
{
    public const string Section = "Identity";

    /// <summary>The id of the key the Gateway signs with (<c>Identity:KeyId</c>).</summary>
    public string? KeyId { get; set; }

    /// <summary>Base64 PKCS#8 of the Gateway's ECDSA P-256 private key (<c>Identity:SigningKey</c>).</summary>
    public string? SigningKey { get; set; }

    /// <summary>Key id → base64 SubjectPublicKeyInfo of an ECDSA P-256 public key (<c>Identity:PublicKeys:&lt;keyId&gt;</c>).</summary>
    public Dictionary<string, string> PublicKeys { get; set; } = [];
}
