namespace IndieGent.Payments.Protocol;

/// <summary>
/// Stable reason codes carried by <see cref="PaymentProtocolException"/>. Values are never renumbered;
/// new reasons are appended.
/// </summary>
public enum PaymentProtocolErrorCode
{
    /// <summary>The header value is not a well-formed authentication header (RFC 9110 §11).</summary>
    MalformedHeader = 1,

    /// <summary>No challenge or credential with the expected scheme is present.</summary>
    SchemeNotFound = 2,

    /// <summary>A required parameter or field is absent.</summary>
    MissingParameter = 3,

    /// <summary>A parameter or field that must not be empty is empty (for example the challenge <c>id</c>).</summary>
    EmptyParameter = 4,

    /// <summary>A parameter appears more than once in one challenge, or a JSON object repeats a member name.</summary>
    DuplicateParameter = 5,

    /// <summary>A parameter or field has the wrong type, syntax or range.</summary>
    InvalidParameter = 6,

    /// <summary>Base64, base64url or hex text is not canonical (padding, alphabet, trailing bits).</summary>
    InvalidEncoding = 7,

    /// <summary>Decoded bytes are not valid UTF-8 JSON of the expected shape.</summary>
    InvalidJson = 8,

    /// <summary>The input exceeds a documented size limit.</summary>
    TooLarge = 9,

    /// <summary>A value cannot be written into a header: CR, LF or another control character.</summary>
    UnsafeHeaderValue = 10,

    /// <summary>An HMAC secret is shorter than 32 bytes.</summary>
    WeakSecret = 11,

    /// <summary>The protocol version announced by the peer is not supported.</summary>
    UnsupportedVersion = 12,

    /// <summary>More than one payment credential was presented where exactly one is allowed.</summary>
    MultipleCredentials = 13,

    /// <summary>A value cannot be represented canonically (for example NaN in JCS).</summary>
    NotCanonicalizable = 14,

    /// <summary>
    /// A value that travels as ASCII holds a character beyond U+007F: a quoted-string, and the MPP
    /// parameters the draft restricts (<c>realm</c>, <c>method</c>, <c>intent</c>, the base64url,
    /// RFC 3339 and RFC 9530 values, <c>header</c>) or that are echoed verbatim (<c>id</c>). Free text
    /// such as <c>description</c> travels as an RFC 8187 ext-value instead.
    /// </summary>
    NonAsciiValue = 15,
}
