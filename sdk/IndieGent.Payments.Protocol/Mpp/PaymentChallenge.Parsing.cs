using System.Text;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Http;

namespace IndieGent.Payments.Protocol.Mpp;

/// <summary>Reading challenges from <c>WWW-Authenticate</c> values.</summary>
public sealed partial record PaymentChallenge
{
    /// <summary>Parses the first <c>Payment</c> challenge in a header value; other schemes are skipped.</summary>
    /// <param name="headerValue">A <c>WWW-Authenticate</c> field value.</param>
    /// <returns>The challenge.</returns>
    /// <exception cref="PaymentProtocolException">When there is no Payment challenge or the first one is invalid.</exception>
    public static PaymentChallenge Parse(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        foreach (var challenge in AuthHeaderParser.Parse(headerValue))
        {
            if (challenge.HasScheme(PaymentHeaderNames.Scheme))
                return FromAuthChallenge(challenge);
        }

        throw new PaymentProtocolException(PaymentProtocolErrorCode.SchemeNotFound, "The header holds no Payment challenge.");
    }

    /// <summary>Parses the first <c>Payment</c> challenge in a header value without throwing.</summary>
    /// <param name="headerValue">A <c>WWW-Authenticate</c> field value.</param>
    /// <param name="challenge">The challenge, when valid.</param>
    /// <param name="error">The reason, when not.</param>
    /// <returns><see langword="true"/> when a valid challenge was found.</returns>
    public static bool TryParse(string headerValue, out PaymentChallenge? challenge, out PaymentProtocolException? error)
    {
        try
        {
            challenge = Parse(headerValue);
            error = null;
            return true;
        }
        catch (PaymentProtocolException ex)
        {
            challenge = null;
            error = ex;
            return false;
        }
    }

    /// <summary>
    /// Parses every <c>Payment</c> challenge across all <c>WWW-Authenticate</c> values of a response,
    /// keeping server order. A malformed challenge does not hide its valid siblings; it is reported in
    /// <see cref="PaymentChallengeSet.Errors"/>. Challenges in the older IndieGent dialect (a
    /// <c>type</c> parameter and no <c>request</c>) are set aside for <c>LegacyPaymentChallenge</c>.
    /// </summary>
    /// <param name="headerValues">The field values in order.</param>
    /// <returns>The valid, dialect and rejected challenges.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.TooLarge"/> when a value exceeds <see cref="AuthHeaderParser.MaxHeaderLength"/>.</exception>
    public static PaymentChallengeSet ParseAll(IEnumerable<string?> headerValues)
    {
        var challenges = new List<PaymentChallenge>();
        var legacy = new List<AuthChallenge>();
        var errors = new List<PaymentProtocolException>();
        foreach (var auth in AuthHeaderParser.Parse(headerValues))
        {
            if (!auth.HasScheme(PaymentHeaderNames.Scheme))
                continue;
            if (IsLegacyDialect(auth))
            {
                legacy.Add(auth);
                continue;
            }

            try
            {
                challenges.Add(FromAuthChallenge(auth));
            }
            catch (PaymentProtocolException ex)
            {
                errors.Add(ex);
            }
        }

        return new PaymentChallengeSet(challenges, legacy, errors);
    }

    /// <summary>Whether a Payment challenge uses the older IndieGent dialect: a <c>type</c> parameter and no <c>request</c>.</summary>
    /// <param name="challenge">A parsed challenge.</param>
    /// <returns><see langword="true"/> for the dialect.</returns>
    public static bool IsLegacyDialect(AuthChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return challenge.HasScheme(PaymentHeaderNames.Scheme)
            && challenge.Token68 is null
            && !challenge.TryGetParameter("request", out _) && !challenge.IsMalformed("request")
            && (challenge.TryGetParameter("type", out _) || challenge.IsMalformed("type"));
    }

    /// <summary>Validates a tokenized <c>Payment</c> challenge.</summary>
    /// <param name="challenge">The tokenized challenge.</param>
    /// <returns>The challenge.</returns>
    /// <exception cref="PaymentProtocolException">When a required parameter is missing, empty, duplicated or malformed.</exception>
    public static PaymentChallenge FromAuthChallenge(AuthChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (!challenge.HasScheme(PaymentHeaderNames.Scheme))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.SchemeNotFound, "The challenge does not use the Payment scheme.");
        if (challenge.Token68 is not null)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.MalformedHeader, "A Payment challenge carries auth-params, not token68.");
        if (challenge.FindDuplicateParameter() is { } duplicate)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.DuplicateParameter, $"The parameter '{duplicate}' occurs more than once.", duplicate);

        return FromFields(
            Required(challenge, "id"),
            Required(challenge, "realm"),
            Required(challenge, "method"),
            Required(challenge, "intent"),
            Required(challenge, "request"),
            Optional(challenge, "expires"),
            Optional(challenge, "digest"),
            OptionalText(challenge, "description"),
            Optional(challenge, "opaque"),
            Optional(challenge, "header"));
    }

    private static string Required(AuthChallenge challenge, string name)
    {
        if (challenge.TryGetParameter(name, out var value))
            return value;
        if (challenge.IsMalformed(name))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, $"The parameter '{name}' is malformed.", name);
        throw new PaymentProtocolException(PaymentProtocolErrorCode.MissingParameter, $"The parameter '{name}' is required.", name);
    }

    /// <summary>
    /// Free text: the RFC 8187 form <c>name*</c> when present (preferred to a plain fallback, as
    /// RFC 6266 §4.3 does for <c>filename*</c>), else the quoted <c>name</c>.
    /// </summary>
    private static string? OptionalText(AuthChallenge challenge, string name)
    {
        var extended = name + "*";
        if (Optional(challenge, extended) is not { } value)
            return Optional(challenge, name);
        return ExtValue.TryDecode(value, out var text)
            ? text
            : throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, $"The parameter '{extended}' is not UTF-8 text in RFC 8187 form.", extended);
    }

    private static string? Optional(AuthChallenge challenge, string name)
    {
        if (challenge.TryGetParameter(name, out var value))
            return value;
        if (challenge.IsMalformed(name))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, $"The parameter '{name}' is malformed.", name);
        return null;
    }
}
