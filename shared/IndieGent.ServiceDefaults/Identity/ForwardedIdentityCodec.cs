using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace IndieGent.ServiceDefaults.Identity;

/// <summary>
/// Signs and verifies the forwarded-identity header:
/// <c>base64url(JSON {role, operatorId, agentId?, keyId, issuedAt}) "." base64url(HMAC-SHA256(key, first part))</c>.
/// </summary>
/// <remarks>
/// The MAC covers the exact encoded bytes that were sent, so nothing is re-serialised before it
/// is checked, and it is checked (in constant time) before the JSON is parsed at all.
/// </remarks>
public sealed class ForwardedIdentityCodec
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly byte[] _key;

    public ForwardedIdentityCodec(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < ForwardedIdentityOptionsValidator.MinKeyBytes)
            throw new ArgumentException($"The signing key must be at least {ForwardedIdentityOptionsValidator.MinKeyBytes} bytes.", nameof(key));
        _key = (byte[])key.Clone();
    }

    /// <summary>The header value for <paramref name="identity"/>.</summary>
    public string Sign(ForwardedIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var payload = new Payload(identity.Role, identity.OperatorId, identity.AgentId, identity.KeyId, identity.IssuedAt.ToUnixTimeSeconds());
        var encoded = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, Json));
        var mac = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(encoded));
        return encoded + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>
    /// Verifies signature, shape and freshness (|now − issuedAt| ≤ <paramref name="maxSkew"/>).
    /// <paramref name="failure"/> is for logs only; callers answer every failure the same way.
    /// </summary>
    public bool TryVerify(string? header, DateTimeOffset now, TimeSpan maxSkew,
        [NotNullWhen(true)] out ForwardedIdentity? identity, [NotNullWhen(false)] out string? failure)
    {
        identity = null;
        if (string.IsNullOrEmpty(header) || header.Length > ForwardedIdentityDefaults.MaxHeaderLength)
            return Fail("missing or oversized", out failure);

        var dot = header.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot != header.LastIndexOf('.'))
            return Fail("not two dot-separated parts", out failure);

        var encoded = header.AsSpan(0, dot);
        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes + 3];
        if (!Base64Url.IsValid(header.AsSpan(dot + 1)) ||
            !Base64Url.TryDecodeFromChars(header.AsSpan(dot + 1), presented, out var presentedLength) ||
            presentedLength != HMACSHA256.HashSizeInBytes)
            return Fail("malformed signature", out failure);

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(encoded.ToString()), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, presented[..presentedLength]))
            return Fail("bad signature", out failure);

        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(encoded), Json);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return Fail("malformed payload", out failure);
        }

        if (payload is null || !IdentityRoles.IsKnown(payload.Role) || string.IsNullOrEmpty(payload.KeyId))
            return Fail("incomplete payload", out failure);
        if (payload.Role is IdentityRoles.Operator or IdentityRoles.Agent && payload.OperatorId is null)
            return Fail("operator id missing", out failure);
        if (payload.Role is IdentityRoles.Agent && payload.AgentId is null)
            return Fail("agent id missing", out failure);

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(payload.IssuedAt);
        if ((now - issuedAt).Duration() > maxSkew)
            return Fail("stale or from the future", out failure);

        identity = new ForwardedIdentity(payload.Role, payload.OperatorId, payload.AgentId, payload.KeyId, issuedAt);
        failure = null;
        return true;
    }

    private static bool Fail(string reason, out string failure)
    {
        failure = reason;
        return false;
    }

    private sealed record Payload(string Role, Guid? OperatorId, Guid? AgentId, string KeyId, long IssuedAt);
}
