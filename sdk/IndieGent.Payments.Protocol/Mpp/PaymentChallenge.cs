using System.Text;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Http;

namespace IndieGent.Payments.Protocol.Mpp;

/// <summary>
/// One <c>WWW-Authenticate: Payment</c> challenge (draft-httpauth-payment §5.1). <see cref="Request"/>
/// and <see cref="Opaque"/> are kept exactly as received, because the challenge <see cref="Id"/> is an
/// HMAC over the wire strings and the credential must echo them unchanged; <see cref="RequestJson"/>
/// is the decoded view.
/// </summary>
public sealed partial record PaymentChallenge
{
    /// <summary>The longest <c>request</c> parameter accepted, in characters (the limit mppx applies).</summary>
    public const int MaxRequestLength = 16 * 1024;

    private PaymentChallenge(
        string id,
        string realm,
        string method,
        string intent,
        string request,
        JsonElement requestJson,
        string? expires,
        DateTimeOffset? expiresAt,
        string? digest,
        string? description,
        string? opaque,
        string? credentialHeader)
    {
        Id = id;
        Realm = realm;
        Method = method;
        Intent = intent;
        Request = request;
        RequestJson = requestJson;
        Expires = expires;
        ExpiresAt = expiresAt;
        Digest = digest;
        Description = description;
        Opaque = opaque;
        CredentialHeader = credentialHeader;
    }

    /// <summary>The challenge identifier; never empty.</summary>
    public string Id { get; }

    /// <summary>The protection space.</summary>
    public string Realm { get; }

    /// <summary>The payment method identifier, lowercase (for example <c>evm</c>).</summary>
    public string Method { get; }

    /// <summary>The payment intent (for example <c>charge</c>).</summary>
    public string Intent { get; }

    /// <summary>The <c>request</c> parameter verbatim: unpadded base64url of (normally JCS) JSON.</summary>
    public string Request { get; }

    /// <summary>The decoded <c>request</c>; always a JSON object.</summary>
    public JsonElement RequestJson { get; }

    /// <summary>The <c>expires</c> parameter verbatim, when present.</summary>
    public string? Expires { get; }

    /// <summary>The parsed <see cref="Expires"/>.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The RFC 9530 body digest the credential's request must match, when present.</summary>
    public string? Digest { get; }

    /// <summary>
    /// Display text only; never used for verification. Any well-formed text: beyond ASCII it travels
    /// as the RFC 8187 parameter <c>description*</c>, which is also read.
    /// </summary>
    public string? Description { get; }

    /// <summary>The <c>opaque</c> parameter verbatim, when present; clients echo it unchanged.</summary>
    public string? Opaque { get; }

    /// <summary>
    /// The <c>header</c> extension parameter: the field the credential must be sent in when it is not
    /// <c>Authorization</c>. Bound into the challenge id (conformance vector
    /// <c>with_payment_authorization_header</c>).
    /// </summary>
    public string? CredentialHeader { get; }

    /// <summary>
    /// The field the credential goes in: <c>Authorization</c>, or <c>Payment-Authorization</c> when the challenge
    /// asks for it; <see langword="null"/> when it names any other field (the draft allows no other, and a client
    /// must not pay such a challenge).
    /// </summary>
    public string? CredentialField => CredentialHeader switch
    {
        null => PaymentHeaderNames.Authorization,
        var named when string.Equals(named, PaymentHeaderNames.PaymentAuthorization, StringComparison.OrdinalIgnoreCase) => PaymentHeaderNames.PaymentAuthorization,
        _ => null,
    };

    /// <summary>
    /// Builds a challenge from its parts, canonicalizing <paramref name="requestJson"/> with JCS before
    /// base64url encoding (the form the HMAC binding and every peer expect).
    /// </summary>
    /// <param name="id">The challenge id (see <see cref="ChallengeIdBinder"/> to derive it).</param>
    /// <param name="realm">The protection space.</param>
    /// <param name="method">The payment method identifier.</param>
    /// <param name="intent">The payment intent.</param>
    /// <param name="requestJson">The request as UTF-8 JSON; must be an object.</param>
    /// <param name="expires">When the challenge expires.</param>
    /// <param name="digest">The RFC 9530 body digest.</param>
    /// <param name="description">Display text.</param>
    /// <param name="opaque">Server correlation data, already base64url.</param>
    /// <param name="credentialHeader">The credential field when not <c>Authorization</c>.</param>
    /// <returns>The challenge.</returns>
    /// <exception cref="PaymentProtocolException">When a part is invalid; with <see cref="PaymentProtocolErrorCode.NonAsciiValue"/> when the id, realm, digest, opaque or credential header holds a character beyond U+007F.</exception>
    public static PaymentChallenge Create(
        string id,
        string realm,
        string method,
        string intent,
        ReadOnlySpan<byte> requestJson,
        DateTimeOffset? expires = null,
        string? digest = null,
        string? description = null,
        string? opaque = null,
        string? credentialHeader = null) =>
        FromFields(
            id,
            realm,
            method,
            intent,
            EncodeRequest(requestJson),
            expires is { } e ? Rfc3339.Format(e) : null,
            digest,
            description,
            opaque,
            credentialHeader);

    /// <summary>Canonicalizes a JSON object with JCS and encodes it as unpadded base64url (the <c>request</c> wire form).</summary>
    /// <param name="requestJson">The request as UTF-8 JSON; must be an object.</param>
    /// <returns>The wire form.</returns>
    /// <exception cref="PaymentProtocolException">When the JSON is invalid or not an object.</exception>
    public static string EncodeRequest(ReadOnlySpan<byte> requestJson)
    {
        var element = JsonInput.ParseObject(requestJson, "request");
        return Base64Url.Encode(JsonCanonicalizer.Canonicalize(element));
    }

    /// <summary>Encodes a flat string map as the <c>opaque</c> wire form (base64url of its JCS JSON).</summary>
    /// <param name="map">Server correlation data.</param>
    /// <returns>The wire form.</returns>
    public static string EncodeOpaque(IEnumerable<KeyValuePair<string, string>> map) =>
        Base64Url.Encode(JsonCanonicalizer.CanonicalizeStringMap(map));

    /// <summary>Decodes <see cref="Opaque"/> as the flat string map the draft describes.</summary>
    /// <returns>The map, or <see langword="null"/> when the challenge has no <c>opaque</c>.</returns>
    /// <exception cref="PaymentProtocolException">When <c>opaque</c> is not base64url JSON of a string-to-string object.</exception>
    public IReadOnlyDictionary<string, string>? DecodeOpaque()
    {
        if (Opaque is null)
            return null;
        var element = JsonInput.ParseBase64UrlObject(Opaque, "opaque");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var name = JsonRead.StringValueOfName(property);
            map[name] = JsonRead.StringValue(property.Value, name);
        }

        return map;
    }

    /// <summary>Whether the challenge has expired at the provider's current time (a challenge without <c>expires</c> never does).</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns><see langword="true"/> when <see cref="ExpiresAt"/> is at or before now.</returns>
    public bool IsExpired(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return ExpiresAt is { } expiresAt && timeProvider.GetUtcNow() >= expiresAt;
    }

    /// <summary>Formats the challenge as a <c>WWW-Authenticate</c> field value.</summary>
    /// <returns>For example <c>Payment id="…", realm="…", method="evm", intent="charge", request="…"</c>.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.UnsafeHeaderValue"/> when a value holds CR, LF or another control character.</exception>
    public string Format()
    {
        var builder = new StringBuilder(PaymentHeaderNames.Scheme).Append(' ');
        AuthHeaderFormatter.AppendParameter(builder, "id", Id);
        AuthHeaderFormatter.AppendParameter(builder, "realm", Realm);
        AuthHeaderFormatter.AppendParameter(builder, "method", Method);
        AuthHeaderFormatter.AppendParameter(builder, "intent", Intent);
        AuthHeaderFormatter.AppendParameter(builder, "request", Request);
        if (Description is not null)
            AuthHeaderFormatter.AppendTextParameter(builder, "description", Description);
        if (Digest is not null)
            AuthHeaderFormatter.AppendParameter(builder, "digest", Digest);
        if (Expires is not null)
            AuthHeaderFormatter.AppendParameter(builder, "expires", Expires);
        if (Opaque is not null)
            AuthHeaderFormatter.AppendParameter(builder, "opaque", Opaque);
        if (CredentialHeader is not null)
            AuthHeaderFormatter.AppendParameter(builder, "header", CredentialHeader);
        return builder.ToString();
    }

    /// <summary>Compares the wire fields; the decoded views follow from them.</summary>
    /// <param name="other">The other challenge.</param>
    /// <returns><see langword="true"/> when every wire field is equal.</returns>
    public bool Equals(PaymentChallenge? other) =>
        other is not null
        && Id == other.Id && Realm == other.Realm && Method == other.Method && Intent == other.Intent
        && Request == other.Request && Expires == other.Expires && Digest == other.Digest
        && Description == other.Description && Opaque == other.Opaque && CredentialHeader == other.CredentialHeader;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Realm, Method, Intent, Request, Expires, Opaque);

    /// <summary>A log-safe summary (no request body, no opaque data).</summary>
    /// <returns>For example <c>Payment challenge abc (evm/charge, api.example.com)</c>.</returns>
    public override string ToString() => $"Payment challenge {Id} ({Method}/{Intent}, {Realm})";

    /// <summary>Shared validation for header challenges and credential echoes.</summary>
    internal static PaymentChallenge FromFields(
        string id,
        string realm,
        string method,
        string intent,
        string request,
        string? expires,
        string? digest,
        string? description,
        string? opaque,
        string? credentialHeader)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(request);
        if (id.Length == 0)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.EmptyParameter, "The challenge id must not be empty.", "id");
        RequireAscii(id, "id");
        RequireAscii(realm, "realm");
        RequireAscii(digest, "digest");
        RequireAscii(opaque, "opaque");
        RequireAscii(credentialHeader, "header");
        if (description is not null && !Utf16Text.IsWellFormed(description))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, "The parameter 'description' holds an unpaired surrogate.", "description");
        if (!MppSyntax.IsMethod(method))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, "The method must be a lowercase identifier.", "method");
        if (!MppSyntax.IsIntent(intent))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, "The intent must be letters, digits and hyphens.", "intent");
        if (request.Length > MaxRequestLength)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.TooLarge, $"The request parameter exceeds {MaxRequestLength} characters.", "request");
        var requestJson = JsonInput.ParseBase64UrlObject(request, "request");
        DateTimeOffset? expiresAt = expires is null ? null : Rfc3339.Parse(expires, "expires");
        return new PaymentChallenge(id, realm, method, intent, request, requestJson, expires, expiresAt, digest, description, opaque, credentialHeader);
    }

    /// <summary>
    /// The draft restricts these to ASCII (realm per RFC 9110, the base64url and RFC 9530 forms, the
    /// one allowed <c>header</c>); the id too, because it is bound and echoed verbatim, and only ASCII
    /// reaches every peer unchanged through a header.
    /// </summary>
    private static void RequireAscii(string? value, string name)
    {
        if (value is not null && !Ascii.IsValid(value))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.NonAsciiValue, $"The parameter '{name}' must be ASCII.", name);
    }

}
