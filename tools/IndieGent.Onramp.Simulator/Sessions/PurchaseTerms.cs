using System.Globalization;
using System.Numerics;

namespace IndieGent.Onramp.Simulator.Sessions;

/// <summary>What a purchase costs and delivers, in USD and USDC (decimals, as Coinbase quotes them).</summary>
public sealed record PurchaseTerms(
    decimal PaymentTotal,
    decimal PaymentSubtotal,
    decimal ExchangeFee,
    decimal NetworkFee,
    decimal PurchaseAmount,
    decimal ExchangeRate)
{
    /// <summary>USDC has 6 decimals on every chain Coinbase delivers it on; so does the test token.</summary>
    public const int UsdcDecimals = 6;

    private const int UsdDecimals = 2;

    /// <summary>The purchase amount in the token's base units, the amount minted.</summary>
    public BigInteger PurchaseBaseUnits => new(decimal.Round(PurchaseAmount * 1_000_000m, 0));

    public static string Usd(decimal value) => value.ToString("F" + UsdDecimals, CultureInfo.InvariantCulture);

    public static string Usdc(decimal value) => value.ToString("F" + UsdcDecimals, CultureInfo.InvariantCulture);

    public static string Rate(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
