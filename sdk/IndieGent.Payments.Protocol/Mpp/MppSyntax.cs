namespace IndieGent.Payments.Protocol.Mpp;

/// <summary>Identifier grammars shared by challenges and credential echoes.</summary>
internal static class MppSyntax
{
    /// <summary>
    /// The draft says <c>1*LOWERALPHA</c>; mppx accepts <c>[a-z][a-z0-9:_-]*</c>. We accept the mppx set so
    /// peers' future method names parse, and still refuse upper case as the draft requires.
    /// </summary>
    public static bool IsMethod(ReadOnlySpan<char> value)
    {
        if (value.Length == 0 || value[0] is < 'a' or > 'z')
            return false;
        foreach (var c in value)
        {
            if (c is not (>= 'a' and <= 'z' or >= '0' and <= '9' or ':' or '_' or '-'))
                return false;
        }

        return true;
    }

    /// <summary><c>intent = 1*( ALPHA / DIGIT / "-" )</c>.</summary>
    public static bool IsIntent(ReadOnlySpan<char> value)
    {
        if (value.Length == 0)
            return false;
        foreach (var c in value)
        {
            if (c is not (>= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-'))
                return false;
        }

        return true;
    }
}
