using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Http;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.X402;

namespace IndieGent.Payments.Protocol.Offers;

/// <summary>
/// Turns a 402 response's <c>WWW-Authenticate</c> values, its x402 <c>PAYMENT-REQUIRED</c> value and
/// its x402 v1 JSON body into protocol-neutral <see cref="PaymentOffer"/>s. Order is the server's:
/// Payment challenges in header order (MPP and dialect interleaved as sent), then x402 entries.
/// </summary>
/// <param name="directory">Chain names and token symbols for the dialect and x402 v1.</param>
/// <param name="timeProvider">The clock used to turn the dialect's <c>maxAge</c> into an expiry.</param>
public sealed class PaymentOfferReader(EvmNetworkDirectory directory, TimeProvider timeProvider)
{
    /// <summary>Reads every offer of a response. Never throws for malformed input; failures land in <see cref="PaymentOfferSet.Errors"/>.</summary>
    /// <param name="wwwAuthenticate">All <c>WWW-Authenticate</c> values, in order.</param>
    /// <param name="paymentRequired">The <c>PAYMENT-REQUIRED</c> value, if any.</param>
    /// <param name="x402V1Body">The 402 body when it is an x402 v1 document (JSON with <c>x402Version: 1</c>); empty otherwise.</param>
    /// <returns>The offers.</returns>
    public PaymentOfferSet Read(IEnumerable<string?> wwwAuthenticate, string? paymentRequired = null, ReadOnlySpan<byte> x402V1Body = default)
    {
        ArgumentNullException.ThrowIfNull(wwwAuthenticate);
        var offers = new List<PaymentOffer>();
        var unsupported = new List<string>();
        var errors = new List<PaymentProtocolException>();

        IReadOnlyList<AuthChallenge> challenges;
        try
        {
            challenges = AuthHeaderParser.Parse(wwwAuthenticate);
        }
        catch (PaymentProtocolException ex)
        {
            errors.Add(ex);
            challenges = [];
        }

        foreach (var challenge in challenges)
        {
            if (!challenge.HasScheme(PaymentHeaderNames.Scheme))
                continue;
            try
            {
                if (PaymentChallenge.IsLegacyDialect(challenge))
                    AddLegacy(LegacyPaymentChallenge.FromAuthChallenge(challenge), offers, unsupported);
                else
                    AddMpp(PaymentChallenge.FromAuthChallenge(challenge), offers, unsupported);
            }
            catch (PaymentProtocolException ex)
            {
                errors.Add(ex);
            }
        }

        if (paymentRequired is not null)
        {
            try
            {
                AddX402(X402PaymentRequired.Parse(paymentRequired), PaymentProtocol.X402V2, offers, unsupported);
            }
            catch (PaymentProtocolException ex)
            {
                errors.Add(ex);
            }
        }

        if (!x402V1Body.IsEmpty)
        {
            try
            {
                AddX402(X402PaymentRequired.ParseV1Body(x402V1Body), PaymentProtocol.X402V1, offers, unsupported);
            }
            catch (PaymentProtocolException ex)
            {
                errors.Add(ex);
            }
        }

        return new PaymentOfferSet(offers, unsupported, errors);
    }

    /// <summary>The offer an MPP challenge makes, when it is an evm charge.</summary>
    /// <param name="challenge">The challenge.</param>
    /// <param name="serverOrder">Its position in the response.</param>
    /// <returns>The offer.</returns>
    /// <exception cref="PaymentProtocolException">When the challenge is not an evm charge or its request is invalid.</exception>
    public static PaymentOffer FromMpp(PaymentChallenge challenge, int serverOrder = 0)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var request = EvmChargeRequest.FromChallenge(challenge);
        return new PaymentOffer
        {
            Protocol = PaymentProtocol.Mpp,
            Method = challenge.Method,
            Intent = challenge.Intent,
            ChainId = request.MethodDetails.ChainId,
            Asset = request.Currency,
            Recipient = request.Recipient,
            Amount = request.Amount,
            ExpiresAt = challenge.ExpiresAt,
            CredentialTypes = request.MethodDetails.HasSplits
                ? request.MethodDetails.EffectiveCredentialTypes.Where(t => t == EvmCredentialTypes.Permit2).ToArray()
                : request.MethodDetails.EffectiveCredentialTypes,
            Description = challenge.Description ?? request.Description,
            ServerOrder = serverOrder,
            MppChallenge = challenge,
            EvmRequest = request,
        };
    }

    private void AddMpp(PaymentChallenge challenge, List<PaymentOffer> offers, List<string> unsupported)
    {
        if (challenge.Method != EvmChargeRequest.Method || challenge.Intent != EvmChargeRequest.Intent)
        {
            unsupported.Add($"MPP {challenge.Method}/{challenge.Intent}");
            return;
        }

        if (challenge.CredentialField is null)
        {
            unsupported.Add($"MPP {challenge.Method}/{challenge.Intent} asking for its credential in '{challenge.CredentialHeader}' (only {PaymentHeaderNames.PaymentAuthorization} may be asked for)");
            return;
        }

        offers.Add(FromMpp(challenge, offers.Count));
    }

    private void AddLegacy(LegacyPaymentChallenge challenge, List<PaymentOffer> offers, List<string> unsupported)
    {
        if (!challenge.TryMapToEvmCharge(directory, out var request) || request is null)
        {
            unsupported.Add($"IndieGent dialect: unknown chain or currency ({challenge.Chain}/{challenge.Currency})");
            return;
        }

        offers.Add(new PaymentOffer
        {
            Protocol = PaymentProtocol.IndieGentLegacy,
            Method = EvmChargeRequest.Method,
            Intent = EvmChargeRequest.Intent,
            ChainId = request.MethodDetails.ChainId,
            Asset = request.Currency,
            Recipient = request.Recipient,
            Amount = request.Amount,
            ExpiresAt = challenge.MaxAgeSeconds is { } maxAge ? timeProvider.GetUtcNow().AddSeconds(maxAge) : null,
            CredentialTypes = request.MethodDetails.EffectiveCredentialTypes,
            ServerOrder = offers.Count,
            EvmRequest = request,
            LegacyChallenge = challenge,
        });
    }

    private void AddX402(X402PaymentRequired document, PaymentProtocol protocol, List<PaymentOffer> offers, List<string> unsupported)
    {
        foreach (var entry in document.Accepts)
        {
            var exact = entry.TryGetExactEvm(directory, out var chainId, out var asset, out var payTo);
            // Through Permit2 (v2): exact by Permit2, and upto (a permit for at most the amount, for the facilitator the entry names).
            var permit2 = !exact && document.X402Version == 2 &&
                          (entry.TryGetExactPermit2Evm(directory, out chainId, out asset, out payTo) ||
                           entry.TryGetUptoEvm(directory, out chainId, out asset, out payTo, out _));
            if (!exact && !permit2)
            {
                unsupported.Add($"x402 v{document.X402Version} {entry.Scheme} on {entry.Network}");
                continue;
            }

            offers.Add(new PaymentOffer
            {
                Protocol = protocol,
                Method = PaymentOffer.X402Method,
                Intent = entry.Scheme,
                ChainId = chainId,
                Asset = asset,
                Recipient = payTo,
                Amount = entry.Amount,
                CredentialTypes = [exact ? EvmCredentialTypes.Authorization : EvmCredentialTypes.Permit2],
                Description = document.Resource?.Description,
                ServerOrder = offers.Count,
                X402Offer = document,
                X402Requirements = entry,
            });
        }
    }
}
