using System.Numerics;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Evm;

/// <summary>
/// The verification steps of draft-evm-charge §Verification Procedure that need neither a signature
/// library nor a chain: credential type offered, splits only with permit2, and for
/// <c>authorization</c> the recipient, the exact amount, the challenge-hash nonce and the validity
/// window. Run it after <see cref="ChallengeIdBinder.Check"/> and before touching the chain.
/// </summary>
public static class EvmChargeVerifier
{
    /// <summary>Checks a payload against the challenge it answers.</summary>
    /// <param name="challenge">The echoed (and already HMAC-verified) challenge.</param>
    /// <param name="request">The challenge's evm charge request.</param>
    /// <param name="payload">The credential payload.</param>
    /// <param name="timeProvider">The clock for the authorization window.</param>
    /// <returns>The first failed check, or <see cref="EvmPayloadVerdict.Valid"/>.</returns>
    public static EvmPayloadVerdict Check(PaymentChallenge challenge, EvmChargeRequest request, EvmChargePayload payload, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(timeProvider);

        if (!request.MethodDetails.EffectiveCredentialTypes.Contains(payload.Type, StringComparer.Ordinal))
            return EvmPayloadVerdict.CredentialTypeNotOffered;
        if (request.MethodDetails.HasSplits && payload is not EvmPermit2Payload)
            return EvmPayloadVerdict.SplitsRequirePermit2;
        if (payload is not EvmAuthorizationPayload authorization)
            return EvmPayloadVerdict.Valid;

        if (authorization.To != request.Recipient)
            return EvmPayloadVerdict.RecipientMismatch;
        if (authorization.Value != request.Amount)
            return EvmPayloadVerdict.AmountMismatch;
        if (authorization.Nonce != EvmChallengeHash.Compute(challenge))
            return EvmPayloadVerdict.ChallengeHashMismatch;
        var now = new BigInteger(timeProvider.GetUtcNow().ToUnixTimeSeconds());
        if (authorization.ValidAfter > now)
            return EvmPayloadVerdict.NotYetValid;
        if (authorization.ValidBefore <= now)
            return EvmPayloadVerdict.AuthorizationExpired;
        return EvmPayloadVerdict.Valid;
    }
}
