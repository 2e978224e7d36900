using System.Globalization;
using System.Numerics;

namespace IndieGent.Funding.Deposits;

/// <summary>
/// Decimal token amounts as people write them ("12.5" USDC) and the base units the chain and the
/// ledger count (12 500 000 at 6 decimals). Parsing is exact: no binary floating point, no rounding
/// — more fraction digits than the token has is an error, not a silent truncation.
/// </summary>
public static class TokenAmount
{
    /// <summary>Parses a positive decimal with at most <paramref name="decimals"/> fraction digits into base units.</summary>
    public static bool TryParse(string? text, int decimals, out BigInteger units)
    {
        units = BigInteger.Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 40)
            return false;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[(dot + 1)..];
        if (whole.Length == 0 || fraction.Length > decimals || (dot >= 0 && fraction.Length == 0) ||
            !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit))
            return false;
        units = BigInteger.Parse(whole + fraction.PadRight(decimals, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        return units > BigInteger.Zero;
    }

    /// <summary>Base units as a decimal with all of the token's fraction digits ("12.500000").</summary>
    public static string Format(BigInteger units, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units.Sign);
        var digits = units.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        return decimals == 0 ? digits : $"{digits[..^decimals]}.{digits[^decimals..]}";
    }
}
