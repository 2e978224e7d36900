using System.Globalization;
using System.Text;

namespace IndieGent.Payments.Protocol.Http;

/// <summary>
/// Writes auth-params. Values become quoted-strings with <c>\"</c> and <c>\\</c> escaped; characters
/// outside printable ASCII are written as the mppx <c>\uXXXX</c> escape so the field stays a legal
/// ASCII header value. CR, LF, other C0 controls and DEL are refused, which closes header injection.
/// </summary>
public static class AuthHeaderFormatter
{
    /// <summary>
    /// Appends <c>name="value"</c>, preceded by <c>", "</c> unless the builder is empty or ends with a
    /// space (that is, right after <c>"Payment "</c>).
    /// </summary>
    /// <param name="builder">The header being written.</param>
    /// <param name="name">A token (RFC 9110 tchar only).</param>
    /// <param name="value">The value to quote.</param>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.UnsafeHeaderValue"/> when the name is not a token or the value holds a control character.</exception>
    public static void AppendParameter(StringBuilder builder, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Length == 0)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.UnsafeHeaderValue, "A parameter name must be a token.", name);
        foreach (var c in name)
        {
            if (!AuthHeaderParser.IsTchar(c))
                throw new PaymentProtocolException(PaymentProtocolErrorCode.UnsafeHeaderValue, "A parameter name must be a token.", name);
        }

        if (builder.Length > 0 && builder[^1] != ' ')
            builder.Append(", ");
        builder.Append(name).Append('=');
        AppendQuoted(builder, value, name);
    }

    /// <summary>Returns <paramref name="value"/> as an RFC 9110 quoted-string.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The quoted-string including its quotes.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.UnsafeHeaderValue"/> when the value holds a control character.</exception>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2);
        AppendQuoted(builder, value, null);
        return builder.ToString();
    }

    private static void AppendQuoted(StringBuilder builder, string value, string? field)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7F)
                throw new PaymentProtocolException(PaymentProtocolErrorCode.UnsafeHeaderValue, "Header values must not contain CR, LF or other control characters.", field);
            if (c is '"' or '\\')
                builder.Append('\\').Append(c);
            else if (c > 0x7E)
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else
                builder.Append(c);
        }

        builder.Append('"');
    }
}
