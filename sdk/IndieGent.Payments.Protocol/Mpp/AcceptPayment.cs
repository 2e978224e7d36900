using System.Text;

namespace IndieGent.Payments.Protocol.Mpp;

/// <summary>
/// The <c>Accept-Payment</c> request field (draft-httpauth-payment §Client Payment Preferences):
/// <c>#payment-range</c> with <c>payment-range = (method|*) "/" (intent|*) [ OWS ";" OWS "q=" qvalue ]</c>.
/// The most specific matching range decides a method/intent's weight.
/// </summary>
public sealed class AcceptPayment
{
    private AcceptPayment(IReadOnlyList<PaymentRange> ranges) => Ranges = ranges;

    /// <summary>The ranges in header order.</summary>
    public IReadOnlyList<PaymentRange> Ranges { get; }

    /// <summary>Creates preferences from ranges.</summary>
    /// <param name="ranges">The ranges.</param>
    /// <returns>The preferences.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.InvalidParameter"/> when a range is not well-formed.</exception>
    public static AcceptPayment Create(params PaymentRange[] ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        foreach (var range in ranges)
        {
            if (!IsRangeToken(range.Method, method: true) || !IsRangeToken(range.Intent, method: false) || range.Quality is < 0 or > 1000)
                throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, "A payment range is malformed.");
        }

        return new AcceptPayment(ranges.ToArray());
    }

    /// <summary>Parses the field value.</summary>
    /// <param name="value">The field value.</param>
    /// <returns>The preferences.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.MalformedHeader"/> when an element is malformed (servers may then ignore the field).</exception>
    public static AcceptPayment Parse(ReadOnlySpan<char> value)
    {
        if (value.Length > Http.AuthHeaderParser.MaxHeaderLength)
            throw new PaymentProtocolException(PaymentProtocolErrorCode.TooLarge, "The Accept-Payment value is too long.");
        var ranges = new List<PaymentRange>();
        foreach (var part in value.Split(','))
        {
            var element = value[part].Trim(" \t");
            if (element.IsEmpty)
                continue;
            var quality = 1000;
            var semicolon = element.IndexOf(';');
            var token = semicolon < 0 ? element : element[..semicolon].TrimEnd(" \t");
            if (semicolon >= 0)
            {
                var weight = element[(semicolon + 1)..].Trim(" \t");
                if (weight.Length < 3 || weight[0] is not ('q' or 'Q') || weight[1] != '=' || !TryParseQValue(weight[2..], out quality))
                    throw Malformed();
            }

            var slash = token.IndexOf('/');
            if (slash < 0)
                throw Malformed();
            var method = token[..slash];
            var intent = token[(slash + 1)..];
            if (!IsRangeToken(method, method: true) || !IsRangeToken(intent, method: false))
                throw Malformed();
            ranges.Add(new PaymentRange(method.ToString(), intent.ToString(), quality));
        }

        return new AcceptPayment(ranges);
    }

    /// <summary>The weight of a method/intent under these preferences.</summary>
    /// <param name="method">The method.</param>
    /// <param name="intent">The intent.</param>
    /// <returns>The weight in thousandths from the most specific matching range, or <see langword="null"/> when no range matches.</returns>
    public int? GetQuality(string method, string intent)
    {
        PaymentRange? best = null;
        foreach (var range in Ranges)
        {
            if (range.Matches(method, intent) && (best is null || range.Specificity > best.Value.Specificity))
                best = range;
        }

        return best?.Quality;
    }

    /// <summary>The field value.</summary>
    /// <returns>For example <c>evm/charge, x402/exact;q=0.5</c>.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var range in Ranges)
        {
            if (builder.Length > 0)
                builder.Append(", ");
            builder.Append(range);
        }

        return builder.ToString();
    }

    private static bool TryParseQValue(ReadOnlySpan<char> text, out int quality)
    {
        quality = 0;
        if (text.Length == 0 || text[0] is not ('0' or '1') || text.Length > 5)
            return false;
        var whole = text[0] - '0';
        var thousandths = 0;
        if (text.Length > 1)
        {
            if (text[1] != '.')
                return false;
            var digits = text[2..];
            var scale = 100;
            foreach (var c in digits)
            {
                if (c is < '0' or > '9')
                    return false;
                thousandths += (c - '0') * scale;
                scale /= 10;
            }
        }

        quality = whole * 1000 + thousandths;
        return quality <= 1000;
    }

    private static bool IsRangeToken(ReadOnlySpan<char> text, bool method)
    {
        if (text is "*")
            return true;
        if (method)
            return MppSyntax.IsMethod(text);
        return MppSyntax.IsIntent(text);
    }

    private static PaymentProtocolException Malformed() =>
        new(PaymentProtocolErrorCode.MalformedHeader, "An Accept-Payment element is malformed.");
}
