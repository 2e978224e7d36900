using System.Globalization;
using System.Numerics;

namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// The draft's <c>amount</c> format (section "Payment Offer Object"): ASCII digits, no leading zero
/// except <c>"0"</c>; bounded here by the largest ERC-20 amount, 2^256 − 1.
/// </summary>
internal static class BaseUnits
{
    public static readonly BigInteger MaxUint256 = (BigInteger.One << 256) - 1;

    // 2^256 − 1 has 78 digits; checking the length first keeps a megabyte of digits from being parsed.
    private const int MaxDigits = 78;

    public static string? Problem(string amount)
    {
        if (amount.Length == 0) return "is empty";
        if (!amount.All(char.IsAsciiDigit)) return "must hold only the ASCII digits 0-9 (base units: no sign, decimal point, exponent or spaces)";
        if (amount.Length > 1 && amount[0] == '0') return "must not have leading zeros";
        if (amount.Length > MaxDigits || BigInteger.Parse(amount, NumberStyles.None, CultureInfo.InvariantCulture) > MaxUint256)
            return "exceeds the largest token amount, 2^256 - 1";
        return null;
    }
}
