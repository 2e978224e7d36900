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

    /// <summary>0x1234…abcd.</summary>
    public static string Short(string address) => address.Length > 12 ? $"{address[..6]}…{address[^4..]}" : address;
}
