namespace IndieGent.Payments.Protocol.Codecs;

/// <summary>
/// One strict decoder for both alphabets: no whitespace, no stray characters, padding only where the
/// alphabet requires it, and unused trailing bits must be zero so every byte string has exactly one
/// accepted text form.
/// </summary>
internal static class Base64Core
{
    private const string UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const string StdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static string Encode(ReadOnlySpan<byte> data, bool url)
    {
        var alphabet = url ? UrlAlphabet : StdAlphabet;
        var full = data.Length / 3;
        var rest = data.Length % 3;
        var length = full * 4 + (rest == 0 ? 0 : url ? rest + 1 : 4);
        return string.Create(length, (Data: data.ToArray(), Alphabet: alphabet, Url: url), static (span, state) =>
        {
            var d = state.Data;
            var a = state.Alphabet;
            var o = 0;
            var i = 0;
            for (; i + 3 <= d.Length; i += 3)
            {
                var v = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
                span[o++] = a[(v >> 18) & 63];
                span[o++] = a[(v >> 12) & 63];
                span[o++] = a[(v >> 6) & 63];
                span[o++] = a[v & 63];
            }

            var rest = d.Length - i;
            if (rest == 1)
            {
                var v = d[i] << 16;
                span[o++] = a[(v >> 18) & 63];
                span[o++] = a[(v >> 12) & 63];
                if (!state.Url)
                {
                    span[o++] = '=';
                    span[o++] = '=';
                }
            }
            else if (rest == 2)
            {
                var v = (d[i] << 16) | (d[i + 1] << 8);
                span[o++] = a[(v >> 18) & 63];
                span[o++] = a[(v >> 12) & 63];
                span[o++] = a[(v >> 6) & 63];
                if (!state.Url)
                    span[o++] = '=';
            }
        });
    }

    public static bool TryDecode(ReadOnlySpan<char> text, bool url, out byte[] bytes)
    {
        bytes = [];
        var length = text.Length;
        if (!url)
        {
            if (length % 4 != 0)
                return false;
            if (length > 0 && text[length - 1] == '=')
                length--;
            if (length > 0 && text[length - 1] == '=')
                length--;
        }

        if (length % 4 == 1)
            return false;

        var output = new byte[length / 4 * 3 + (length % 4 == 0 ? 0 : length % 4 - 1)];
        var o = 0;
        var i = 0;
        for (; i + 4 <= length; i += 4)
        {
            int a = Value(text[i], url), b = Value(text[i + 1], url), c = Value(text[i + 2], url), d = Value(text[i + 3], url);
            if ((a | b | c | d) < 0)
                return false;
            var v = (a << 18) | (b << 12) | (c << 6) | d;
            output[o++] = (byte)(v >> 16);
            output[o++] = (byte)(v >> 8);
            output[o++] = (byte)v;
        }

        var rest = length - i;
        if (rest == 2)
        {
            int a = Value(text[i], url), b = Value(text[i + 1], url);
            if ((a | b) < 0 || (b & 0x0F) != 0)
                return false;
            output[o] = (byte)((a << 2) | (b >> 4));
        }
        else if (rest == 3)
        {
            int a = Value(text[i], url), b = Value(text[i + 1], url), c = Value(text[i + 2], url);
            if ((a | b | c) < 0 || (c & 0x03) != 0)
                return false;
            output[o++] = (byte)((a << 2) | (b >> 4));
            output[o] = (byte)((b << 4) | (c >> 2));
        }

        bytes = output;
        return true;
    }

    private static int Value(char c, bool url) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' when url => 62,
        '_' when url => 63,
        '+' when !url => 62,
        '/' when !url => 63,
        _ => -1,
    };
}
