using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace IndieGent.Contracts.ApiKeys;

/// <summary>
/// What an IndieGent API key looks like on the wire: <c>igk_&lt;keyId&gt;_&lt;secret&gt;</c>, keyId 16
/// lower-case hex digits (public, the lookup key), secret base64url. The Wallet issues and checks
/// keys; the Gateway uses the shape to turn away what cannot be a key without asking the Wallet.
/// </summary>
public static class ApiKeyShape
{
    public const string Prefix = "igk_";
    public const int KeyIdBytes = 8;

    // Nothing legitimate is longer; a bound keeps hashing of hostile input cheap.
    public const int MaxLength = 128;

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
}
