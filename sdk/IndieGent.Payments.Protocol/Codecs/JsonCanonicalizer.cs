using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IndieGent.Payments.Protocol.Codecs;

/// <summary>
/// JSON Canonicalization Scheme (RFC 8785): members sorted by their UTF-16 code units, no
/// insignificant whitespace, strings escaped exactly as ECMAScript <c>JSON.stringify</c> does, and
/// numbers written by the ECMAScript <c>Number.prototype.toString</c> algorithm. Input must be
/// I-JSON: duplicate member names and escaped lone surrogates are rejected, NaN cannot occur.
/// </summary>
public static class JsonCanonicalizer
{
    /// <summary>Parses UTF-8 JSON and returns its canonical UTF-8 form.</summary>
    /// <param name="utf8Json">Any RFC 8259 JSON text.</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="PaymentProtocolException">When the input is not I-JSON or holds a number outside the IEEE 754 double range.</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json) => Canonicalize(JsonInput.Parse(utf8Json, field: null));

    /// <summary>Returns the canonical UTF-8 form of a JSON value.</summary>
    /// <param name="element">The value.</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="PaymentProtocolException">When the value holds a lone surrogate or a number outside the IEEE 754 double range.</exception>
    public static byte[] Canonicalize(JsonElement element) => Encoding.UTF8.GetBytes(CanonicalizeToString(element));

    /// <summary>Returns the canonical form of a JSON value as a string.</summary>
    /// <param name="element">The value.</param>
    /// <returns>The canonical JSON text.</returns>
    /// <exception cref="PaymentProtocolException">When the value holds a lone surrogate or a number outside the IEEE 754 double range.</exception>
    public static string CanonicalizeToString(JsonElement element)
    {
        var builder = new StringBuilder();
        Write(builder, element, depth: 0);
        return builder.ToString();
    }

    /// <summary>The canonical JSON object of a flat string-to-string map (MPP <c>opaque</c>).</summary>
    /// <param name="map">The map; keys must be unique.</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="PaymentProtocolException">When a key or value holds a lone surrogate.</exception>
    public static byte[] CanonicalizeStringMap(IEnumerable<KeyValuePair<string, string>> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var entries = map.ToList();
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var builder = new StringBuilder().Append('{');
        for (var i = 0; i < entries.Count; i++)
        {
            if (i > 0)
            {
                if (string.Equals(entries[i - 1].Key, entries[i].Key, StringComparison.Ordinal))
                    throw new PaymentProtocolException(PaymentProtocolErrorCode.DuplicateParameter, "The map repeats a key.");
                builder.Append(',');
            }

            WriteString(builder, entries[i].Key);
            builder.Append(':');
            WriteString(builder, entries[i].Value);
        }

        return Encoding.UTF8.GetBytes(builder.Append('}').ToString());
    }

    /// <summary>Formats a double as ECMAScript <c>Number.prototype.toString</c> does (RFC 8785 §3.2.2.3).</summary>
    /// <param name="value">A finite double.</param>
    /// <returns>The shortest round-tripping decimal in ECMAScript notation.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.NotCanonicalizable"/> for NaN or an infinity.</exception>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.NotCanonicalizable, "NaN and infinities have no JSON form.");
        if (value == 0)
            return "0";

        // .NET Core 3.0+ "R" yields the shortest round-tripping digits; only the layout differs from ECMAScript.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text[0] == '-';
        var body = negative ? text.AsSpan(1) : text.AsSpan();
        var exponent = 0;
        var e = body.IndexOfAny('E', 'e');
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }

        var digits = new StringBuilder(body.Length);
        var point = body.IndexOf('.');
        var integerDigits = point < 0 ? body.Length : point;
        foreach (var c in body)
        {
            if (c != '.')
                digits.Append(c);
        }

        // Normalise to 0.d1d2…dk × 10^n with d1 ≠ 0.
        var n = integerDigits + exponent;
        var start = 0;
        while (start < digits.Length - 1 && digits[start] == '0')
        {
            start++;
            n--;
        }

        var end = digits.Length;
        while (end > start + 1 && digits[end - 1] == '0')
            end--;
        var d = digits.ToString(start, end - start);
        var k = d.Length;

        var result = new StringBuilder(32);
        if (negative)
            result.Append('-');
        if (k <= n && n <= 21)
        {
            result.Append(d).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result.Append(d, 0, n).Append('.').Append(d, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            result.Append("0.").Append('0', -n).Append(d);
        }
        else
        {
            var exp = n - 1;
            result.Append(d[0]);
            if (k > 1)
                result.Append('.').Append(d, 1, k - 1);
            result.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString(CultureInfo.InvariantCulture));
        }

        return result.ToString();
    }

    // Depth is bounded by JsonInput.MaxDepth for parsed input; the explicit guard covers elements built elsewhere.
    private static void Write(StringBuilder builder, JsonElement element, int depth)
    {
        if (depth > 64)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.TooLarge, "The JSON value is nested too deeply.");
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<(string Name, JsonElement Value)>();
                foreach (var property in element.EnumerateObject())
                    members.Add((JsonRead.StringValueOfName(property), property.Value));
                members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                builder.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        if (string.Equals(members[i - 1].Name, members[i].Name, StringComparison.Ordinal))
                            throw new PaymentProtocolException(PaymentProtocolErrorCode.DuplicateParameter, "The JSON object repeats a member name.", members[i].Name);
                        builder.Append(',');
                    }

                    WriteString(builder, members[i].Name);
                    builder.Append(':');
                    Write(builder, members[i].Value, depth + 1);
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                        builder.Append(',');
                    first = false;
                    Write(builder, item, depth + 1);
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(builder, JsonRead.StringValue(element, "string"));
                break;
            case JsonValueKind.Number:
                var number = double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                if (!double.IsFinite(number))
                    throw new PaymentProtocolException(PaymentProtocolErrorCode.NotCanonicalizable, "A JSON number exceeds the IEEE 754 double range.");
                builder.Append(FormatNumber(number));
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.Null:
                builder.Append("null");
                break;
            default:
                throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidJson, "The JSON value is undefined.");
        }
    }

    private static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        builder.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        throw new PaymentProtocolException(PaymentProtocolErrorCode.NotCanonicalizable, "A string holds a lone surrogate, which I-JSON forbids.");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
