using System.Numerics;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.Offers;

namespace IndieGent.Sdk;

/// <summary>A 402 as a payer sees it: where it came from, what it offers, and the caller's limits.</summary>
public sealed class PaymentRequired
{
    /// <summary>The request that was answered with 402.</summary>
    public required Uri RequestUri { get; init; }

    /// <summary>The request's method.</summary>
    public required HttpMethod Method { get; init; }

    /// <summary>Every <c>WWW-Authenticate</c> value of the 402, in order.</summary>
    public required IReadOnlyList<string> WwwAuthenticate { get; init; }

    /// <summary>The x402 v2 <c>PAYMENT-REQUIRED</c> value, if any.</summary>
    public string? PaymentRequiredHeader { get; init; }

    /// <summary>The offers read from the 402, in server order.</summary>
    public required PaymentOfferSet Offers { get; init; }

    /// <summary>The most the caller will pay for this request, in base units; <see langword="null"/> for no limit.</summary>
    public BigInteger? MaxAmount { get; init; }

    /// <summary>The caller's method/intent preferences (sent as <c>Accept-Payment</c>).</summary>
    public AcceptPayment? Preferences { get; init; }

    /// <summary>
    /// The offer to pay: the best the selector ranks (caller preference, then server order) among those
    /// within <see cref="MaxAmount"/>.
    /// </summary>
    /// <param name="selector">The payer's selector.</param>
    /// <returns>The selection.</returns>
    /// <exception cref="PaymentException">Nothing is payable, every offer expired, or every price is above the maximum.</exception>
    public PaymentSelection Choose(PaymentOfferSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var ranked = selector.Rank(Offers.Offers, Preferences);
        foreach (var selection in ranked)
        {
            if (MaxAmount is not { } max || selection.Offer.Amount <= max)
                return selection;
        }

        throw ranked.Count > 0
            ? new PaymentException(PaymentFailureReasons.PriceAboveMaximum,
                $"The service asks {ranked.Min(s => s.Offer.Amount)} base units at least; this request allows at most {MaxAmount}.")
            : Unpayable();
    }

    /// <summary>Why nothing could be paid, as precisely as the offers allow.</summary>
    /// <returns>The exception to throw.</returns>
    public PaymentException Unpayable()
    {
        if (Offers.Offers.Count == 0)
        {
            return Offers.Errors.Count > 0
                ? new PaymentException(PaymentFailureReasons.InvalidChallenge, $"The 402 from {RequestUri.Host} could not be read: {Offers.Errors[0].Message}")
                : new PaymentException(PaymentFailureReasons.NoPayableOffer,
                    $"The 402 from {RequestUri.Host} offers nothing this payer speaks: {string.Join("; ", Offers.Unsupported)}.");
        }

        if (Offers.Offers.All(o => o.IsExpired(TimeProvider.System)))
            return new PaymentException(PaymentFailureReasons.ChallengeExpired, $"Every challenge from {RequestUri.Host} has expired.");
        return new PaymentException(PaymentFailureReasons.NoPayableOffer,
            $"No offer from {RequestUri.Host} is payable by this payer: {string.Join("; ", Offers.Offers)}.");
    }
}
