using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Offers;

/// <summary>
/// Picks the offer to pay: drops what the payer cannot or must not pay (unknown chain or token, no
/// common credential type, disabled protocol, expired or about to expire), then orders by the payer's
/// <c>Accept-Payment</c> weight (ranges with q=0, and offers no range matches, are dropped) and,
/// within equal weight, by server order. A zero amount is never "paid": there is nothing to sign.
/// </summary>
/// <param name="capabilities">What the payer can do.</param>
/// <param name="timeProvider">The clock for expiry.</param>
public sealed class PaymentOfferSelector(PayerCapabilities capabilities, TimeProvider timeProvider)
{
    /// <summary>The payable offers, best first.</summary>
    /// <param name="offers">Offers from <see cref="PaymentOfferReader"/>.</param>
    /// <param name="preferences">The payer's method/intent preferences; <see langword="null"/> accepts everything equally.</param>
    /// <returns>Selections in payment order.</returns>
    public IReadOnlyList<PaymentSelection> Rank(IEnumerable<PaymentOffer> offers, AcceptPayment? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(offers);
        var candidates = new List<(PaymentSelection Selection, int Quality)>();
        foreach (var offer in offers)
        {
            if (!TrySelectCredentialType(offer, out var credentialType))
                continue;
            var quality = preferences is null ? 1000 : preferences.GetQuality(offer.Method, offer.Intent) ?? 0;
            if (quality == 0)
                continue;
            candidates.Add((new PaymentSelection(offer, credentialType), quality));
        }

        // Stable: equal weights keep server order.
        return candidates
            .OrderByDescending(c => c.Quality)
            .ThenBy(c => c.Selection.Offer.ServerOrder)
            .Select(c => c.Selection)
            .ToArray();
    }

    /// <summary>The best payable offer.</summary>
    /// <param name="offers">Offers from <see cref="PaymentOfferReader"/>.</param>
    /// <param name="preferences">The payer's method/intent preferences.</param>
    /// <returns>The selection, or <see langword="null"/> when nothing can be paid.</returns>
    public PaymentSelection? Select(IEnumerable<PaymentOffer> offers, AcceptPayment? preferences = null) =>
        Rank(offers, preferences) is [var first, ..] ? first : null;

    /// <summary>Whether the payer can and may pay an offer, and with which credential type.</summary>
    /// <param name="offer">The offer.</param>
    /// <param name="credentialType">The first server-listed type the payer can produce.</param>
    /// <returns><see langword="true"/> when payable now.</returns>
    public bool TrySelectCredentialType(PaymentOffer offer, out string credentialType)
    {
        ArgumentNullException.ThrowIfNull(offer);
        credentialType = string.Empty;
        if (!capabilities.Protocols.Contains(offer.Protocol)
            || !capabilities.Holds(offer.ChainId, offer.Asset)
            || offer.IsExpired(timeProvider, capabilities.MinimumRemainingValidity)
            || offer.Amount.Sign <= 0)
            return false;
        foreach (var type in offer.CredentialTypes)
        {
            if (capabilities.CredentialTypes.Contains(type))
            {
                credentialType = type;
                return true;
            }
        }

        return false;
    }
}
