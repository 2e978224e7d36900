using System.Numerics;

namespace IndieGent.Sdk;

/// <summary>Per-request payment settings, carried in <see cref="HttpRequestMessage.Options"/>.</summary>
public static class PaymentRequestOptions
{
    /// <summary>The most this request may cost, in base units (overrides <see cref="IndieGentPaymentOptions.MaxAmount"/>).</summary>
    public static readonly HttpRequestOptionsKey<BigInteger> MaxAmount = new("IndieGent.MaxAmount");

    /// <summary>Sets <see cref="MaxAmount"/> on a request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="maxAmount">Base units.</param>
    /// <returns>The request.</returns>
    public static HttpRequestMessage WithMaxAmount(this HttpRequestMessage request, BigInteger maxAmount)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(maxAmount);
        request.Options.Set(MaxAmount, maxAmount);
        return request;
    }
}
