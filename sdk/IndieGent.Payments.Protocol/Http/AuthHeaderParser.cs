using System.Buffers;
using System.Text;

namespace IndieGent.Payments.Protocol.Http;

/// <summary>
/// Tokenizer for RFC 9110 §11 authentication fields: <c>#challenge</c> with
/// <c>challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]</c>. One forward pass: every
/// character is examined a bounded number of times, no regular expressions, no recursion, so hostile
/// input costs linear time. Several challenges per value and several values are supported; other
/// schemes (<c>Bearer realm="x"</c>) come back as their own challenges for the caller to skip.
/// </summary>
/// <remarks>
/// Recovery is deliberately permissive where the MPP conformance vectors require it: text after a
/// parameter value that is neither <c>,</c> nor the end is skipped up to the next top-level comma
/// (an unescaped quote truncates a value), and an unterminated quoted-string marks only that
/// parameter malformed. Every <c>\c</c> in a quoted-string is the RFC quoted-pair for <c>c</c>, so
/// <c>\u00e9</c> reads as <c>u00e9</c> here as in every other RFC 9110 parser; text beyond ASCII
/// travels as an RFC 8187 ext-value (<see cref="AuthHeaderFormatter.AppendTextParameter"/>).
/// </remarks>
public static class AuthHeaderParser
{
    /// <summary>The longest header value accepted, in characters. MPP requires at least 4 KB; challenges may reach 8 KB.</summary>
    public const int MaxHeaderLength = 64 * 1024;

    private const string TcharSet = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string ControlSet = "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f";

    private static readonly SearchValues<char> TokenChars = SearchValues.Create(TcharSet);
    private static readonly SearchValues<char> Controls = SearchValues.Create(ControlSet);
    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\\" + ControlSet);
    private static readonly SearchValues<char> TokenValueStops = SearchValues.Create(", \t\"");

    [ThreadStatic]
    private static long t_steps;

    /// <summary>Characters examined on this thread since the last reset; the linearity tests read it.</summary>
    internal static long Steps
    {
        get => t_steps;
        set => t_steps = value;
    }

    /// <summary>Parses every challenge in one header value.</summary>
    /// <param name="value">The field value.</param>
    /// <returns>The challenges in wire order (possibly empty).</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.TooLarge"/> when the value exceeds <see cref="MaxHeaderLength"/>.</exception>
    public static IReadOnlyList<AuthChallenge> Parse(ReadOnlySpan<char> value)
    {
        var result = new List<AuthChallenge>();
        ParseInto(value, result);
        return result;
    }

    /// <summary>Parses every challenge in several header values (one response may repeat the field).</summary>
    /// <param name="values">The field values in order.</param>
    /// <returns>The challenges in wire order (possibly empty).</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.TooLarge"/> when one value exceeds <see cref="MaxHeaderLength"/>.</exception>
    public static IReadOnlyList<AuthChallenge> Parse(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new List<AuthChallenge>();
        foreach (var value in values)
        {
            if (value is not null)
                ParseInto(value, result);
        }

        return result;
    }

    /// <summary>
    /// Parses a bare <c>#auth-param</c> list with no scheme in front (the older IndieGent
    /// <c>Payment-Receipt: status="success", txHash="0x…"</c>). The result's scheme is empty.
    /// </summary>
    /// <param name="value">The field value.</param>
    /// <returns>The parameters as a scheme-less challenge.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.TooLarge"/> when the value exceeds <see cref="MaxHeaderLength"/>.</exception>
    public static AuthChallenge ParseParameterList(ReadOnlySpan<char> value)
    {
        CheckLength(value);
        var builder = new ChallengeBuilder(string.Empty);
        var steps = 0L;
        var i = 0;
        while (true)
        {
            SkipSeparators(value, ref i, ref steps);
            if (i >= value.Length)
                break;
            var start = i;
            ScanToken(value, ref i, ref steps);

            if (i == start)
            {
                builder.HasUnparsedText = true;
                SkipToComma(value, ref i, ref steps);
                continue;
            }

            var name = value[start..i].ToString();
            SkipWhitespace(value, ref i, ref steps);
            if (i < value.Length && value[i] == '=')
            {
                i++;
                ReadValue(value, ref i, name, builder, ref steps);
            }
            else
            {
                builder.HasUnparsedText = true;
                SkipToComma(value, ref i, ref steps);
            }
        }

        Steps += steps;
        return builder.Build();
    }

    private static void ParseInto(ReadOnlySpan<char> s, List<AuthChallenge> result)
    {
        CheckLength(s);
        var steps = 0L;
        ChallengeBuilder? current = null;
        var i = 0;
        while (true)
        {
            SkipSeparators(s, ref i, ref steps);
            if (i >= s.Length)
                break;

            var tokenStart = i;
            ScanToken(s, ref i, ref steps);

            if (i == tokenStart)
            {
                if (current is not null)
                    current.HasUnparsedText = true;
                SkipToComma(s, ref i, ref steps);
                continue;
            }

            var tokenEnd = i;
            var k = i;
            SkipWhitespace(s, ref k, ref steps);
            if (current is { AcceptsParameters: true } && k < s.Length && s[k] == '=')
            {
                i = k + 1;
                ReadValue(s, ref i, s[tokenStart..tokenEnd].ToString(), current, ref steps);
                continue;
            }

            // A token not followed by '=' starts a new challenge.
            if (current is not null)
                result.Add(current.Build());
            current = new ChallengeBuilder(s[tokenStart..tokenEnd].ToString());
            if (tokenEnd >= s.Length || s[tokenEnd] == ',')
            {
                i = tokenEnd;
                continue;
            }

            if (s[tokenEnd] is not (' ' or '\t'))
            {
                // "scheme=..." or "scheme\"..." is no challenge at all.
                current = null;
                i = tokenEnd;
                SkipToComma(s, ref i, ref steps);
                continue;
            }

            var p = k;
            if (p >= s.Length || s[p] == ',')
            {
                i = p;
                continue;
            }

            // token68 when a run of token68 characters (plus '=' padding) fills the element.
            var q = p;
            while (q < s.Length && IsToken68Char(s[q]))
            {
                q++;
                steps++;
            }

            if (q > p)
            {
                var r = q;
                while (r < s.Length && s[r] == '=')
                {
                    r++;
                    steps++;
                }

                var r2 = r;
                SkipWhitespace(s, ref r2, ref steps);
                if (r2 >= s.Length || s[r2] == ',')
                {
                    current.Token68 = s[p..r].ToString();
                    current.AcceptsParameters = false;
                    i = r2;
                    continue;
                }
            }

            i = p;
        }

        if (current is not null)
            result.Add(current.Build());
        Steps += steps;
    }

    private static void ReadValue(ReadOnlySpan<char> s, ref int i, string name, ChallengeBuilder builder, ref long steps)
    {
        SkipWhitespace(s, ref i, ref steps);
        if (i < s.Length && s[i] == '"')
        {
            i++;
            var text = new StringBuilder();
            var bad = false;
            var closed = false;
            while (i < s.Length)
            {
                // Copy the plain run up to the next quote, backslash or control character in one go.
                var run = s[i..].IndexOfAny(QuotedStops);
                var plain = run < 0 ? s.Length - i : run;
                text.Append(s.Slice(i, plain));
                i += plain;
                steps += plain;
                if (i >= s.Length)
                    break;

                steps++;
                var c = s[i];
                if (c == '"')
                {
                    i++;
                    closed = true;
                    break;
                }

                if (c == '\\')
                {
                    if (i + 1 >= s.Length)
                    {
                        i = s.Length;
                        break;
                    }

                    var escaped = s[i + 1];
                    bad |= IsControl(escaped);
                    text.Append(escaped);
                    i += 2;
                    steps++;
                    continue;
                }

                bad = true;
                text.Append(c);
                i++;
            }

            if (!closed || bad)
                builder.Malformed.Add(name);
            else
                builder.Parameters.Add(new AuthParameter(name, text.ToString()));
        }
        else
        {
            var run = s[i..].IndexOfAny(TokenValueStops);
            var end = run < 0 ? s.Length : i + run;
            var value = s[i..end];
            steps += value.Length;
            if (value.IsEmpty || ContainsControl(value))
                builder.Malformed.Add(name);
            else
                builder.Parameters.Add(new AuthParameter(name, value.ToString()));
            i = end;
        }

        SkipWhitespace(s, ref i, ref steps);
        if (i < s.Length && s[i] != ',')
        {
            builder.HasUnparsedText = true;
            SkipToComma(s, ref i, ref steps);
        }
    }

    /// <summary>Skips to the next comma outside a quoted-string (or the end).</summary>
    private static void SkipToComma(ReadOnlySpan<char> s, ref int i, ref long steps)
    {
        while (i < s.Length)
        {
            var run = s[i..].IndexOfAny(',', '"');
            if (run < 0)
            {
                steps += s.Length - i;
                i = s.Length;
                return;
            }

            steps += run + 1;
            i += run;
            if (s[i] == ',')
                return;

            i++;
            while (i < s.Length)
            {
                var inner = s[i..].IndexOfAny('"', '\\');
                if (inner < 0)
                {
                    steps += s.Length - i;
                    i = s.Length;
                    return;
                }

                steps += inner + 1;
                i += inner;
                if (s[i] == '"')
                {
                    i++;
                    break;
                }

                i = Math.Min(i + 2, s.Length);
            }
        }
    }

    private static void ScanToken(ReadOnlySpan<char> s, ref int i, ref long steps)
    {
        var run = s[i..].IndexOfAnyExcept(TokenChars);
        var length = run < 0 ? s.Length - i : run;
        i += length;
        steps += length;
    }

    private static void SkipSeparators(ReadOnlySpan<char> s, ref int i, ref long steps)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or ',')
        {
            i++;
            steps++;
        }
    }

    private static void SkipWhitespace(ReadOnlySpan<char> s, ref int i, ref long steps)
    {
        while (i < s.Length && s[i] is ' ' or '\t')
        {
            i++;
            steps++;
        }
    }

    private static void CheckLength(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxHeaderLength)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.TooLarge, $"The header value exceeds {MaxHeaderLength} characters.");
    }

    /// <summary>Whether <paramref name="text"/> holds a character no header may carry: C0 controls but TAB, and DEL.</summary>
    internal static bool ContainsControl(ReadOnlySpan<char> text) => text.ContainsAny(Controls);

    private static bool IsControl(char c) => (c < 0x20 && c != '\t') || c == 0x7F;

    /// <summary>RFC 9110 tchar.</summary>
    internal static bool IsTchar(char c) => c switch
    {
        >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' => true,
        '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~' => true,
        _ => false,
    };

    private static bool IsToken68Char(char c) => c switch
    {
        >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' => true,
        '-' or '.' or '_' or '~' or '+' or '/' => true,
        _ => false,
    };

    private sealed class ChallengeBuilder(string scheme)
    {
        public List<AuthParameter> Parameters { get; } = [];

        public List<string> Malformed { get; } = [];

        public string? Token68 { get; set; }

        public bool AcceptsParameters { get; set; } = true;

        public bool HasUnparsedText { get; set; }

        public AuthChallenge Build() => new(scheme, Token68, Parameters, Malformed, HasUnparsedText);
    }
}
