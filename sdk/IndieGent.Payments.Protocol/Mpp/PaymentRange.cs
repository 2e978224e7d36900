using System.Globalization;

namespace IndieGent.Payments.Protocol.Mpp;

/// <summary>One <c>Accept-Payment</c> element: <c>method/intent</c> (either may be <c>*</c>) with a weight.</summary>
/// <param name="Method">A method identifier or <c>*</c>.</param>
/// <param name="Intent">An intent or <c>*</c>.</param>
/// <param name="Quality">The weight in thousandths (0–1000); 0 means "do not use".</param>
public readonly record struct PaymentRange(string Method, string Intent, int Quality = 1000)
{
    /// <summary>How specific the range is: 3 for <c>m/i</c>, 2 for <c>m/*</c>, 1 for <c>*/i</c>, 0 for <c>*/*</c>.</summary>
    public int Specificity => (Method == "*" ? 0 : 2) + (Intent == "*" ? 0 : 1);

    /// <summary>Whether the range covers a method and intent.</summary>
    /// <param name="method">The method.</param>
    /// <param name="intent">The intent.</param>
    /// <returns><see langword="true"/> on a match (wildcards match anything).</returns>
    public bool Matches(string method, string intent) =>
        (Method == "*" || string.Equals(Method, method, StringComparison.Ordinal))
        && (Intent == "*" || string.Equals(Intent, intent, StringComparison.Ordinal));

    /// <summary>The element as written in the header.</summary>
    /// <returns>For example <c>evm/charge;q=0.5</c>.</returns>
    public override string ToString() =>
        Quality == 1000
            ? $"{Method}/{Intent}"
            : string.Create(CultureInfo.InvariantCulture, $"{Method}/{Intent};q={(Quality / 1000m).ToString("0.###", CultureInfo.InvariantCulture)}");
}
