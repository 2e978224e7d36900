using System.Globalization;
using System.Numerics;

namespace IndieGent.Cli;

/// <summary>USDC amounts as people type them ("1.50") and as the API counts them (base units: 6 decimals).</summary>
public static class Usdc
{
    public const int Decimals = 6;
    private const long Unit = 1_000_000;

    /// <summary>"25", "0.01", "1.500000" → base units; more than 6 decimals, a sign or an exponent is a usage error.</summary>
    public static long Parse(string text, string what)
    {
        var value = text.Trim();
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? value : value[..dot];
        var fraction = dot < 0 ? "" : value[(dot + 1)..];
        if (whole.Length == 0 && fraction.Length == 0 || fraction.Length > Decimals || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit))
            throw CliException.Usage($"{what}: '{text}' is not an amount in USDC (for example 25 or 0.01, at most {Decimals} decimals).");
        var units = BigInteger.Parse((whole.Length == 0 ? "0" : whole) + fraction.PadRight(Decimals, '0'), CultureInfo.InvariantCulture);
        if (units > long.MaxValue)
            throw CliException.Usage($"{what}: '{text}' is too large.");
        return (long)units;
    }

    /// <summary>Base units as USDC, with at least two decimals: 1500000 → "1.50", 1 → "0.000001".</summary>
    public static string Format(long units)
    {
        var sign = units < 0 ? "-" : "";
        var magnitude = BigInteger.Abs(units);
        var whole = magnitude / Unit;
        var fraction = (magnitude % Unit).ToString(CultureInfo.InvariantCulture).PadLeft(Decimals, '0').TrimEnd('0');
        return $"{sign}{whole.ToString(CultureInfo.InvariantCulture)}.{fraction.PadRight(2, '0')}";
    }

    /// <summary>A base-unit string from the API ("150000") as USDC, or the text as it is when it is not one.</summary>
    public static string Format(string? units) =>
        long.TryParse(units, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? Format(value) : units ?? "";
}
