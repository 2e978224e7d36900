using System.Globalization;

namespace IndieGent.Dashboard.Components;

/// <summary>USDC amounts: the Gateway counts base units (6 decimals); people read dollars and cents.</summary>
public static class Money
{
    private const decimal Unit = 1_000_000m;

    /// <summary>"12.50 USDC", with more decimals only when the amount has them ("0.0025 USDC").</summary>
    public static string Usdc(long baseUnits)
    {
        var value = baseUnits / Unit;
        var text = value.ToString("#,0.00####", CultureInfo.InvariantCulture);
        return text + " USDC";
    }

    public static string Usdc(long? baseUnits) => baseUnits is { } amount ? Usdc(amount) : "—";

    /// <summary>"12.50" (USDC, up to 6 decimals, zero or more) as base units.</summary>
    public static bool TryParseUsdc(string? text, out long baseUnits)
    {
        baseUnits = 0;
        if (string.IsNullOrWhiteSpace(text) ||
            !decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var usdc) ||
            usdc < 0 || decimal.Round(usdc, 6) != usdc || usdc > long.MaxValue / Unit)
            return false;
        baseUnits = (long)(usdc * Unit);
        return true;
    }

    /// <summary>Base units as the plain number a form field shows ("12.50").</summary>
    public static string? Field(long? baseUnits) => baseUnits is { } units ? (units / Unit).ToString("0.00####", CultureInfo.InvariantCulture) : null;

    /// <summary>0x1234…abcd.</summary>
    public static string Short(string address) => address.Length > 12 ? $"{address[..6]}…{address[^4..]}" : address;
}
