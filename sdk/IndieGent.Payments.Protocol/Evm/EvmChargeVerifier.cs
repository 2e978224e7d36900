using System.Numerics;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.Evm;

/// <summary>
/// The verification steps of draft-evm-charge §Verification Procedure that need neither a signature
/// library nor a chain: credential type offered, splits only with permit2; for <c>authorization</c> the
/// recipient, the exact amount, the challenge-hash nonce and the validity window; for <c>permit2</c> the
/// transfers (primary recipient with the remainder, then each split, exactly), the token and permitted
/// amounts, the challenge-hash witness and the deadline. Run it after <see cref="ChallengeIdBinder.Check"/>
/// and before touching the chain.
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
        var now = new BigInteger(timeProvider.GetUtcNow().ToUnixTimeSeconds());
        if (payload is EvmPermit2Payload permit)
            return CheckPermit2(challenge, request, permit, now);
        if (payload is not EvmAuthorizationPayload authorization)
            return EvmPayloadVerdict.Valid;

        if (authorization.To != request.Recipient)
            return EvmPayloadVerdict.RecipientMismatch;
        if (authorization.Value != request.Amount)
            return EvmPayloadVerdict.AmountMismatch;
        if (authorization.Nonce != EvmChallengeHash.Compute(challenge))
            return EvmPayloadVerdict.ChallengeHashMismatch;
        if (authorization.ValidAfter > now)
            return EvmPayloadVerdict.NotYetValid;
        if (authorization.ValidBefore <= now)
            return EvmPayloadVerdict.AuthorizationExpired;
        return EvmPayloadVerdict.Valid;
    }

    private static EvmPayloadVerdict CheckPermit2(PaymentChallenge challenge, EvmChargeRequest request, EvmPermit2Payload permit, BigInteger now)
    {
        if (!permit.TransferDetails.SequenceEqual(EvmPermit2Payload.TransfersFor(request)))
            return EvmPayloadVerdict.TransfersMismatch;
        for (var i = 0; i < permit.Permitted.Count; i++)
        {
            if (permit.Permitted[i].Token != request.Currency || permit.Permitted[i].Amount < permit.TransferDetails[i].RequestedAmount)
                return EvmPayloadVerdict.PermissionMismatch;
        }

        if (permit.ChallengeHash != EvmChallengeHash.Compute(challenge))
            return EvmPayloadVerdict.ChallengeHashMismatch;
        return permit.Deadline < now ? EvmPayloadVerdict.AuthorizationExpired : EvmPayloadVerdict.Valid;
    }
}
