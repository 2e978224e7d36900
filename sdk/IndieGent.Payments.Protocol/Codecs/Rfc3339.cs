using System.Globalization;

namespace IndieGent.Payments.Protocol.Codecs;

/// <summary>
/// RFC 3339 <c>date-time</c> (§5.6): <c>YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)</c>, nothing looser.
/// Leap seconds (<c>:60</c>) are rejected because <see cref="DateTimeOffset"/> cannot hold them.
/// </summary>
public static class Rfc3339
{
    /// <summary>Parses an RFC 3339 date-time.</summary>
    /// <param name="text">The text.</param>
    /// <param name="field">The field name to report on failure.</param>
    /// <returns>The instant.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.InvalidParameter"/> when the text is not an RFC 3339 date-time.</exception>
    public static DateTimeOffset Parse(ReadOnlySpan<char> text, string? field = null) =>
        TryParse(text, out var value)
            ? value
            : throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, "The value is not an RFC 3339 date-time.", field);

    /// <summary>Parses an RFC 3339 date-time without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The instant, or default on failure.</param>
    /// <returns><see langword="true"/> when the text is an RFC 3339 date-time.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20)
            return false;
        if (!Digits(text, 0, 4, out var year) || text[4] != '-' || !Digits(text, 5, 2, out var month) || text[7] != '-'
            || !Digits(text, 8, 2, out var day) || text[10] is not ('T' or 't')
            || !Digits(text, 11, 2, out var hour) || text[13] != ':' || !Digits(text, 14, 2, out var minute) || text[16] != ':'
            || !Digits(text, 17, 2, out var second))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;

        var i = 19;
        long fractionTicks = 0;
        if (text[i] == '.')
        {
            i++;
            var digits = 0;
            var scale = TimeSpan.TicksPerSecond;
            while (i < text.Length && text[i] is >= '0' and <= '9')
            {
                if (scale > 1)
                {
                    scale /= 10;
                    fractionTicks += (text[i] - '0') * scale;
                }

                digits++;
                i++;
            }

            if (digits == 0)
                return false;
        }

        if (i >= text.Length)
            return false;
        TimeSpan offset;
        if (text[i] is 'Z' or 'z')
        {
            offset = TimeSpan.Zero;
            i++;
        }
        else if (text[i] is '+' or '-')
        {
            if (text.Length - i != 6 || !Digits(text, i + 1, 2, out var oh) || text[i + 3] != ':' || !Digits(text, i + 4, 2, out var om) || oh > 23 || om > 59)
                return false;
            offset = new TimeSpan(oh, om, 0);
            if (text[i] == '-')
                offset = -offset;
            i += 6;
        }
        else
        {
            return false;
        }

        if (i != text.Length)
            return false;

        var localTicks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        var utcTicks = localTicks - offset.Ticks;
        if (utcTicks < DateTimeOffset.MinValue.Ticks || utcTicks > DateTimeOffset.MaxValue.Ticks)
            return false;
        value = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }

    /// <summary>Formats an instant as UTC RFC 3339 with a <c>Z</c> suffix and fractional seconds only when present.</summary>
    /// <param name="value">The instant.</param>
    /// <returns>The text, for example <c>2026-01-29T12:05:00Z</c>.</returns>
    public static string Format(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
            text += "." + fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
        return text + "Z";
    }

    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
            return false;
        for (var i = start; i < start + count; i++)
        {
            var c = text[i];
            if (c is < '0' or > '9')
                return false;
            value = value * 10 + (c - '0');
        }

        return true;
    }
}
