namespace IndieGent.Cli.Commands;

/// <summary>Ids typed on the command line.</summary>
public static class Ids
{
    public static Guid Parse(string? text, string what) =>
        Guid.TryParse(text?.Trim(), out var id) ? id : throw CliException.Usage($"'{text}' is not {what} id (a GUID such as 0199a3c4-…).");

    /// <summary>An id as tables show it: the first 8 characters are unique enough to read, --json has the whole id.</summary>
    public static string Short(Guid id) => id.ToString()[..8];
}
