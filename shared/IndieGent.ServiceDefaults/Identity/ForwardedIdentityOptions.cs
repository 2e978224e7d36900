namespace IndieGent.ServiceDefaults.Identity;

/// <summary>Configuration section <c>Identity</c>.</summary>
public sealed class ForwardedIdentityOptions
{
    public const string Section = "Identity";

    /// <summary>
    /// <c>Identity:InternalSigningKey</c>: base64 of at least 32 random bytes, shared by the Gateway
    /// (which signs) and every service (which verifies).
    /// </summary>
    public string? InternalSigningKey { get; set; }

    /// <summary>The decoded key; only valid after validation succeeded.</summary>
    public byte[] KeyBytes() => Convert.FromBase64String(InternalSigningKey ?? string.Empty);
}
