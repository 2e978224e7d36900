using System.Globalization;
using System.Numerics;

namespace IndieGent.Payments.Protocol.Codecs;

/// <summary>
/// Unsigned 256-bit integers written as canonical decimal strings (EVM base units, timestamps,
/// nonces). Canonical means ASCII digits only, no sign, no leading zero except <c>"0"</c>: peers such
/// as mppx compare these strings verbatim, so two spellings of one amount must not both be accepted.
/// </summary>
public static class UInt256Text
{
    /// <summary>The largest value, 2^256 − 1.</summary>
    public static readonly BigInteger MaxValue = (BigInteger.One << 256) - 1;

    /// <summary>Parses a canonical decimal uint256.</summary>
    /// <param name="text">The decimal text.</param>
    /// <param name="field">The field name to report on failure.</param>
    /// <returns>The value.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.InvalidParameter"/> when the text is not a canonical uint256.</exception>
    public static BigInteger Parse(ReadOnlySpan<char> text, string? field = null) =>
        TryParse(text, out var value)
            ? value
            : throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, "The value must be a canonical decimal integer in [0, 2^256).", field);

    /// <summary>Parses a canonical decimal uint256 without throwing.</summary>
    /// <param name="text">The decimal text.</param>
    /// <param name="value">The value, or zero on failure.</param>
    /// <returns><see langword="true"/> when the text is canonical and in range.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (text.Length is 0 or > 78 || (text[0] == '0' && text.Length > 1))
            return false;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
                return false;
        }

        var parsed = BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        if (parsed > MaxValue)
            return false;
        value = parsed;
        return true;
    }

    /// <summary>Formats a value in [0, 2^256) as canonical decimal.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The decimal text.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the value is negative or exceeds 2^256 − 1.</exception>
    public static string Format(BigInteger value)
    {
        if (value.Sign < 0 || value > MaxValue)
            throw new ArgumentOutOfRangeException(nameof(value), "The value must be in [0, 2^256).");
        return value.ToString(CultureInfo.InvariantCulture);
    }
}
