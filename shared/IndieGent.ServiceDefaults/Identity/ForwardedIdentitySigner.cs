using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using IndieGent.Payments.Protocol.Signing;

namespace IndieGent.ServiceDefaults.Identity;

/// <summary>
/// The Gateway's side: signs who called for exactly one request — the receiving service
/// (audience), the method and the path — with a fresh id, using a private key no other service
/// holds. A captured header is good for that one request, at that one service, once.
/// </summary>
public sealed class ForwardedIdentitySigner(string keyId, ECDsa key, TimeProvider time)
{
    /// <summary>The header value for <paramref name="identity"/> calling <paramref name="method"/> <paramref name="path"/> at <paramref name="audience"/>.</summary>
    public string Sign(ForwardedIdentity identity, string audience, string method, string path, DateTimeOffset? issuedAt = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var payload = new ForwardedIdentityPayload(identity.Role, identity.OperatorId, identity.AgentId, identity.KeyId,
            (issuedAt ?? time.GetUtcNow()).ToUnixTimeSeconds(), audience, method.ToUpperInvariant(), path,
            Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)));
        return Es256Envelope.Seal(JsonSerializer.SerializeToUtf8Bytes(payload, ForwardedIdentityPayload.Json), keyId, key);
    }
}

/// <summary>What the forwarded-identity header carries.</summary>
/// <param name="Aud">The service the header is for (its discovery name: wallet, ledger, …).</param>
/// <param name="Jti">A unique id; a service accepts each id once.</param>
internal sealed record ForwardedIdentityPayload(
    string Role, Guid? OperatorId, Guid? AgentId, string KeyId, long IssuedAt, string Aud, string Method, string Path, string Jti)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
