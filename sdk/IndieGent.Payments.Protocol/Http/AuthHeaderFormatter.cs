using System.Text;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Http;

/// <summary>
/// Writes auth-params so that every RFC 9110 parser reads them as written. Values become
/// quoted-strings with <c>\"</c> and <c>\\</c> escaped, and must be ASCII: RFC 9110 has no escape for
/// other characters (a <c>\u</c> is the quoted-pair for <c>u</c>) and leaves the charset of raw
/// obs-text to guesswork. Free text beyond ASCII travels as an RFC 8187 ext-value
/// (<see cref="AppendTextParameter"/>). CR, LF, other C0 controls and DEL are refused, which closes
/// header injection.
/// </summary>
public static class AuthHeaderFormatter
{
    /// <summary>
    /// Appends <c>name="value"</c>, preceded by <c>", "</c> unless the builder is empty or ends with a
    /// space (that is, right after <c>"Payment "</c>).
    /// </summary>
    /// <param name="builder">The header being written.</param>
    /// <param name="name">A token (RFC 9110 tchar only).</param>
    /// <param name="value">The value to quote; ASCII only.</param>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.UnsafeHeaderValue"/> when the name is not a token or the value holds a control character, <see cref="PaymentProtocolErrorCode.NonAsciiValue"/> when it holds a character beyond U+007F.</exception>
    public static void AppendParameter(StringBuilder builder, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(value);
        RequireToken(name);
        RequireQuotable(value, name);
        AppendSeparator(builder);
        builder.Append(name).Append('=');
        AppendQuoted(builder, value);
    }

    /// <summary>
    /// Appends a free-text parameter (such as <c>description</c>): <c>name="value"</c> when the text is
    /// ASCII, else the RFC 8187 form <c>name*=UTF-8''…</c>, which every RFC 9110 parser reads as one
    /// token and an RFC 8187 reader (this library's among them) decodes to exactly this text.
    /// </summary>
    /// <param name="builder">The header being written.</param>
    /// <param name="name">A token (RFC 9110 tchar only).</param>
    /// <param name="value">Any well-formed text without control characters.</param>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.UnsafeHeaderValue"/> when the name is not a token or the value holds a control character or an unpaired surrogate.</exception>
    public static void AppendTextParameter(StringBuilder builder, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(value);
        if (Ascii.IsValid(value))
        {
            AppendParameter(builder, name, value);
            return;
        }

        RequireToken(name);
        RequireNoControl(value, name);
        if (!Utf16Text.IsWellFormed(value))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.UnsafeHeaderValue, "Header text must not hold an unpaired surrogate.", name);
        AppendSeparator(builder);
        builder.Append(name).Append("*=").Append(ExtValue.Encode(value));
    }

    /// <summary>Returns <paramref name="value"/> as an RFC 9110 quoted-string.</summary>
    /// <param name="value">The value; ASCII only.</param>
    /// <returns>The quoted-string including its quotes.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.UnsafeHeaderValue"/> when the value holds a control character, <see cref="PaymentProtocolErrorCode.NonAsciiValue"/> when it holds a character beyond U+007F.</exception>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        RequireQuotable(value, null);
        var builder = new StringBuilder(value.Length + 2);
        AppendQuoted(builder, value);
        return builder.ToString();
    }

    private static void RequireToken(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.UnsafeHeaderValue, "A parameter name must be a token.", name);
        foreach (var c in name)
        {
            if (!AuthHeaderParser.IsTchar(c))
                throw new PaymentProtocolException(PaymentProtocolErrorCode.UnsafeHeaderValue, "A parameter name must be a token.", name);
        }
    }

    private static void RequireQuotable(string value, string? field)
    {
        RequireNoControl(value, field);
        if (!Ascii.IsValid(value))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.NonAsciiValue, "A quoted-string carries ASCII only.", field);
    }

    private static void RequireNoControl(string value, string? field)
    {
        if (AuthHeaderParser.ContainsControl(value))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.UnsafeHeaderValue, "Header values must not contain CR, LF or other control characters.", field);
    }

    private static void AppendSeparator(StringBuilder builder)
    {
        if (builder.Length > 0 && builder[^1] != ' ')
            builder.Append(", ");
    }

    private static void AppendQuoted(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
                builder.Append('\\');
            builder.Append(c);
        }

        builder.Append('"');
    }
}
