using System.Globalization;

namespace IndieGent.Cli.Commands;

/// <summary>Times typed on the command line: ISO 8601 (2026-12-01, 2026-12-01T10:00:00Z); a date alone is midnight UTC.</summary>
public static class Times
{
    public static DateTimeOffset Parse(string text, string what) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw CliException.Usage($"{what}: '{text}' is not a time (ISO 8601, e.g. 2026-12-01 or 2026-12-01T10:00:00Z).");
}
