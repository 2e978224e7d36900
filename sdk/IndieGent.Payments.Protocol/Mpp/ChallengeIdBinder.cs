using System.Security.Cryptography;
using System.Text;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Mpp;

/// <summary>
/// Stateless challenge binding (draft-httpauth-payment §5.1.3.1):
/// <c>id = base64url(HMAC-SHA256(secret, realm|method|intent|request|expires|digest|opaque))</c>, absent
/// optional slots as empty strings. As in the conformance vectors, a non-default credential
/// <c>header</c> is inserted as an extra slot before <c>opaque</c>; <c>Authorization</c> counts as the
/// default. The <c>request</c> and <c>opaque</c> slots are the wire strings, so a server verifies an
/// echo without re-serializing anything. Secrets shorter than 32 bytes are refused.
/// </summary>
public sealed class ChallengeIdBinder
{
    /// <summary>The shortest secret accepted, in bytes.</summary>
    public const int MinimumSecretLength = 32;

    private readonly byte[] _secret;

    /// <summary>Creates a binder over a server secret.</summary>
    /// <param name="secret">At least 32 bytes, kept server-side only.</param>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.WeakSecret"/> when the secret is shorter than 32 bytes.</exception>
    public ChallengeIdBinder(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinimumSecretLength)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.WeakSecret, $"The challenge-binding secret must be at least {MinimumSecretLength} bytes.");
        _secret = secret.ToArray();
    }

    /// <summary>Creates a binder over the UTF-8 bytes of a configured secret string.</summary>
    /// <param name="secret">At least 32 UTF-8 bytes.</param>
    /// <returns>The binder.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.WeakSecret"/> when the secret is shorter than 32 bytes.</exception>
    public static ChallengeIdBinder FromSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return new ChallengeIdBinder(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>Computes the id for the given wire fields.</summary>
    /// <param name="realm">The realm.</param>
    /// <param name="method">The method.</param>
    /// <param name="intent">The intent.</param>
    /// <param name="request">The <c>request</c> wire string (base64url of JCS JSON).</param>
    /// <param name="expires">The <c>expires</c> wire string, if any.</param>
    /// <param name="digest">The <c>digest</c>, if any.</param>
    /// <param name="opaque">The <c>opaque</c> wire string, if any.</param>
    /// <param name="credentialHeader">The <c>header</c> parameter, if any.</param>
    /// <returns>The unpadded base64url id.</returns>
    public string ComputeId(string realm, string method, string intent, string request, string? expires, string? digest, string? opaque, string? credentialHeader = null)
    {
        var input = new StringBuilder()
            .Append(realm).Append('|')
            .Append(method).Append('|')
            .Append(intent).Append('|')
            .Append(request).Append('|')
            .Append(expires).Append('|')
            .Append(digest).Append('|');
        if (!string.IsNullOrEmpty(credentialHeader) && !string.Equals(credentialHeader, PaymentHeaderNames.Authorization, StringComparison.OrdinalIgnoreCase))
            input.Append(credentialHeader).Append('|');
        input.Append(opaque);
        return Base64Url.Encode(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(input.ToString())));
    }

    /// <summary>Computes the id a challenge should carry.</summary>
    /// <param name="challenge">The challenge (its own id is ignored).</param>
    /// <returns>The unpadded base64url id.</returns>
    public string ComputeId(PaymentChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return ComputeId(challenge.Realm, challenge.Method, challenge.Intent, challenge.Request, challenge.Expires, challenge.Digest, challenge.Opaque, challenge.CredentialHeader);
    }

    /// <summary>Issues a challenge whose id binds all its fields.</summary>
    /// <param name="realm">The protection space.</param>
    /// <param name="method">The payment method identifier.</param>
    /// <param name="intent">The payment intent.</param>
    /// <param name="requestJson">The request as UTF-8 JSON object; JCS-canonicalized before encoding.</param>
    /// <param name="expires">When the challenge expires (recommended).</param>
    /// <param name="digest">The RFC 9530 digest of the request body the credential must accompany.</param>
    /// <param name="description">Display text (not bound).</param>
    /// <param name="opaque">Server correlation data, already in wire form (see <see cref="PaymentChallenge.EncodeOpaque"/>).</param>
    /// <param name="credentialHeader">The <c>header</c> parameter: <c>Payment-Authorization</c> to have the credential sent there
    /// (for APIs whose <c>Authorization</c> carries a bearer key), or <see langword="null"/> for <c>Authorization</c>.</param>
    /// <returns>The challenge.</returns>
    /// <exception cref="PaymentProtocolException">When a field is invalid.</exception>
    /// <exception cref="ArgumentException">When <paramref name="credentialHeader"/> is another field (the draft allows no other).</exception>
    public PaymentChallenge Issue(
        string realm,
        string method,
        string intent,
        ReadOnlySpan<byte> requestJson,
        DateTimeOffset? expires = null,
        string? digest = null,
        string? description = null,
        string? opaque = null,
        string? credentialHeader = null)
    {
        if (credentialHeader is not null && credentialHeader != PaymentHeaderNames.PaymentAuthorization)
            throw new ArgumentException($"A challenge may only ask for the credential in {PaymentHeaderNames.PaymentAuthorization}.", nameof(credentialHeader));
        var request = PaymentChallenge.EncodeRequest(requestJson);
        var expiresText = expires is { } e ? Rfc3339.Format(e) : null;
        var id = ComputeId(realm, method, intent, request, expiresText, digest, opaque, credentialHeader);
        return PaymentChallenge.FromFields(id, realm, method, intent, request, expiresText, digest, description, opaque, credentialHeader);
    }

    /// <summary>Whether the challenge's id is the HMAC of its fields (constant-time comparison).</summary>
    /// <param name="challenge">A challenge, typically the echo inside a credential.</param>
    /// <returns><see langword="true"/> when the id matches.</returns>
    public bool Verify(PaymentChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var expected = Encoding.ASCII.GetBytes(ComputeId(challenge));
        var actual = Encoding.UTF8.GetBytes(challenge.Id);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>
    /// The checks a server makes on an echoed challenge before verifying the payment: binding first
    /// (an altered echo says nothing trustworthy about its own expiry), then realm, then expiry.
    /// </summary>
    /// <param name="challenge">The challenge echoed in the credential.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="expectedRealm">The realm this server issues for, when it should be enforced.</param>
    /// <returns>The verdict.</returns>
    public ChallengeVerdict Check(PaymentChallenge challenge, TimeProvider timeProvider, string? expectedRealm = null)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!Verify(challenge))
            return ChallengeVerdict.IdMismatch;
        if (expectedRealm is not null && !string.Equals(challenge.Realm, expectedRealm, StringComparison.Ordinal))
            return ChallengeVerdict.RealmMismatch;
        return challenge.IsExpired(timeProvider) ? ChallengeVerdict.Expired : ChallengeVerdict.Valid;
    }
}
