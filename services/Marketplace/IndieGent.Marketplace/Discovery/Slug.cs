using System.Text;

namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// Lower-case <c>a-z0-9</c> words joined by single hyphens. The project runs with invariant
/// globalization, where <see cref="string.Normalize()"/> does not decompose accents, so common Latin
/// letters are folded from a table instead.
/// </summary>
internal static class Slug
{
    private static readonly (string Letters, char Plain)[] Accents =
    [
        ("àáâãäåāăą", 'a'), ("çćĉċč", 'c'), ("ďđ", 'd'), ("èéêëēĕėęě", 'e'), ("ĝğġģ", 'g'), ("ĥħ", 'h'),
        ("ìíîïĩīĭįı", 'i'), ("ĵ", 'j'), ("ķ", 'k'), ("ĺļľŀł", 'l'), ("ñńņň", 'n'), ("òóôõöøōŏő", 'o'),
        ("ŕŗř", 'r'), ("śŝşš", 's'), ("ţťŧ", 't'), ("ùúûüũūŭůűų", 'u'), ("ŵ", 'w'), ("ýÿŷ", 'y'), ("źżž", 'z'),
    ];

    public static string Make(string text, int maxLength)
    {
        var builder = new StringBuilder(text.Length);
        var pendingHyphen = false;
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (c is '\'' or '\u2019') continue; // "Bob's" is one word.
            var folded = Fold(c);
            if (folded is null)
            {
                pendingHyphen = builder.Length > 0;
                continue;
            }
            if (pendingHyphen) builder.Append('-');
            pendingHyphen = false;
            builder.Append(folded);
        }
        return Cut(builder.ToString(), maxLength);
    }

    private static string? Fold(char c)
    {
        if (c is >= 'a' and <= 'z' or >= '0' and <= '9') return c.ToString();
        if (c == 'ß') return "ss";
        if (c == 'æ') return "ae";
        if (c == 'œ') return "oe";
        if (c == 'þ') return "th";
        foreach (var (letters, plain) in Accents)
            if (letters.Contains(c)) return plain.ToString();
        return null;
    }

    /// <summary>At most <paramref name="maxLength"/> characters, at the last hyphen when that keeps at least half.</summary>
    private static string Cut(string slug, int maxLength)
    {
        if (slug.Length <= maxLength) return slug;
        var cut = slug[..maxLength];
        var lastHyphen = cut.LastIndexOf('-');
        if (slug[maxLength] != '-' && lastHyphen >= maxLength / 2) cut = cut[..lastHyphen];
        return cut.TrimEnd('-');
    }
}
