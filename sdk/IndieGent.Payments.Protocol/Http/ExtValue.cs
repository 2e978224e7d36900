using System.Globalization;
using System.Text;
using System.Text.Unicode;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Http;

/// <summary>
/// RFC 8187 ext-values (<c>UTF-8''Caf%C3%A9</c>), the way header parameters carry text beyond ASCII:
/// the value is a plain RFC 9110 token, so every parser reads the same characters, and it decodes to
/// exactly the text written.
/// </summary>
internal static class ExtValue
{
    private const string Charset = "UTF-8";

    /// <summary>The ext-value of well-formed text: UTF-8, with every byte outside attr-char percent-encoded.</summary>
    public static string Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var builder = new StringBuilder(Charset.Length + 2 + bytes.Length * 3).Append(Charset).Append("''");
        foreach (var b in bytes)
        {
            if (IsAttrChar((char)b))
                builder.Append((char)b);
            else
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <summary>
    /// Decodes <c>charset "'" [ language ] "'" value-chars</c>. Only UTF-8 is accepted (RFC 8187 §3.2.1
    /// makes it the one charset every recipient supports), the language tag is ignored, and the text
    /// must be well-formed UTF-8 without the control characters a quoted-string may not carry either.
    /// </summary>
    public static bool TryDecode(string value, out string text)
    {
        text = string.Empty;
        var first = value.IndexOf('\'', StringComparison.Ordinal);
        var second = first < 0 ? -1 : value.IndexOf('\'', first + 1);
        if (second < 0 || !value.AsSpan(0, first).Equals(Charset, StringComparison.OrdinalIgnoreCase))
            return false;
        foreach (var c in value.AsSpan(first + 1, second - first - 1))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                return false;
        }

        var encoded = value.AsSpan(second + 1);
        var bytes = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%')
            {
                if (i + 2 >= encoded.Length)
                    return false;
                var high = Hex.Nibble(encoded[i + 1]);
                var low = Hex.Nibble(encoded[i + 2]);
                if (high < 0 || low < 0)
                    return false;
                bytes[length++] = (byte)((high << 4) | low);
                i += 2;
            }
            else if (IsAttrChar(c))
            {
                bytes[length++] = (byte)c;
            }
            else
            {
                return false;
            }
        }

        if (!Utf8.IsValid(bytes.AsSpan(0, length)))
            return false;
        text = Encoding.UTF8.GetString(bytes, 0, length);
        return !AuthHeaderParser.ContainsControl(text);
    }

    /// <summary>RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&amp;" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~".</summary>
    private static bool IsAttrChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '&' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
