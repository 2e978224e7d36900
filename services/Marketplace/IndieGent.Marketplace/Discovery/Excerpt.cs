namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// Document text quoted in a message: at most 80 characters and no control characters, so a hostile
/// document cannot make a message huge or forge lines in a log.
/// </summary>
internal static class Excerpt
{
    private const int MaxLength = 80;

    public static string Quote(string text)
    {
        var cut = text.Length <= MaxLength ? text : text[..(MaxLength - 3)] + "...";
        return "'" + string.Concat(cut.Select(c => char.IsControl(c) ? '?' : c)) + "'";
    }
}
