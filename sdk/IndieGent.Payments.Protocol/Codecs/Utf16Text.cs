namespace IndieGent.Payments.Protocol.Codecs;

/// <summary>Well-formedness of UTF-16 text: every surrogate is part of a pair.</summary>
internal static class Utf16Text
{
    /// <summary>
    /// A header's <c>\uD800</c> escape can produce a lone surrogate, which JSON writers and UTF-8
    /// encoders cannot carry faithfully; such values are refused where they enter.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c))
                continue;
            if (!char.IsHighSurrogate(c) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                return false;
            i++;
        }

        return true;
    }
}
