using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
using IndieGent.Payments.Protocol.Signing;

namespace IndieGent.ServiceDefaults.Identity;

/// <summary>
/// A service's side: accepts a forwarded identity only when the Gateway's key signed it for this
/// service (<paramref name="audience"/>), for this request's method and path, recently, and
/// never before (ids are remembered for twice the allowed skew).
/// </summary>
public sealed class ForwardedIdentityVerifier(IReadOnlyDictionary<string, ECDsa> keys, string audience)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private int _sinceSweep;

    /// <summary>The service this verifier accepts headers for.</summary>
    public string Audience => audience;

    /// <summary>
    /// Verifies signature, binding, freshness and first use. <paramref name="failure"/> is for
    /// logs only (it names no secret); callers answer every failure the same way.
    /// </summary>
    public bool TryVerify(string? header, string method, string path, DateTimeOffset now,
        [NotNullWhen(true)] out ForwardedIdentity? identity, [NotNullWhen(false)] out string? failure)
    {
        identity = null;
        if (Es256Envelope.Open(header, keys, ForwardedIdentityDefaults.MaxHeaderLength, "forwarded identity", out var problem) is not { } bytes)
            return Fail(problem, out failure);

        ForwardedIdentityPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<ForwardedIdentityPayload>(bytes, ForwardedIdentityPayload.Json);
        }
        catch (JsonException)
        {
            return Fail("malformed payload", out failure);
        }

        if (payload is null || !IdentityRoles.IsKnown(payload.Role) || string.IsNullOrEmpty(payload.KeyId) || string.IsNullOrEmpty(payload.Jti))
            return Fail("incomplete payload", out failure);
        if (payload.Role is IdentityRoles.Operator or IdentityRoles.Agent && payload.OperatorId is null)
            return Fail("operator id missing", out failure);
        if (payload.Role is IdentityRoles.Agent && payload.AgentId is null)
            return Fail("agent id missing", out failure);
        if (!string.Equals(payload.Aud, audience, StringComparison.Ordinal))
            return Fail("signed for another service", out failure);
        if (!string.Equals(payload.Method, method, StringComparison.OrdinalIgnoreCase) || !string.Equals(payload.Path, path, StringComparison.Ordinal))
            return Fail("signed for another request", out failure);

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(payload.IssuedAt);
        if ((now - issuedAt).Duration() > ForwardedIdentityDefaults.MaxSkew)
            return Fail("stale or from the future", out failure);
        if (!FirstUse(payload.Jti, now))
            return Fail("replayed", out failure);

        identity = new ForwardedIdentity(payload.Role, payload.OperatorId, payload.AgentId, payload.KeyId, issuedAt);
        failure = null;
        return true;
    }

    private bool FirstUse(string id, DateTimeOffset now)
    {
        if (!_seen.TryAdd(id, now + 2 * ForwardedIdentityDefaults.MaxSkew))
            return false;
        if (Interlocked.Increment(ref _sinceSweep) % 1024 == 0)
        {
            foreach (var (seen, forgetAt) in _seen)
            {
                if (forgetAt < now)
                    _seen.TryRemove(seen, out _);
            }
        }

        return true;
    }

    private static bool Fail(string reason, out string failure)
    {
        failure = reason;
        return false;
    }
}
