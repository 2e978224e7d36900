using System.Security.Cryptography;
using IndieGent.Chain;
using IndieGent.Payments.Protocol;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using Microsoft.AspNetCore.Http;

namespace IndieGent.Payments.AspNetCore;

/// <summary>MPP: the <c>evm</c> charge challenges issued, and credentials (from a header, or from MCP's <c>_meta</c>) verified and settled.</summary>
public sealed partial class PaymentGate
{
    private async Task<Verdict> VerifyMppAsync(string header, string field, PaymentRequirement requirement, CancellationToken ct)
    {
        if (field == PaymentHeaderNames.Authorization && IsLegacyCredential(header))
            return await VerifyLegacyAsync(header, requirement, ct).ConfigureAwait(false);
        if (!_options.EnableMpp)
            return Verdict.Fail(StatusCodes.Status400BadRequest, PaymentProblemTypes.MethodUnsupported, "MPP unsupported",
                "This server does not accept MPP credentials.");
        if (!PaymentCredential.TryParse(header, out var credential, out var error))
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.MalformedCredential, "Malformed credential", error!.Message);
        return await VerifyMppCredentialAsync(credential!, field, requirement, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Verifies and settles an MPP credential that did not come in an HTTP header (MPP over MCP: the credential object of
    /// <c>_meta["org.paymentauth/credential"]</c>), exactly as a header's: the same challenge binding, checks and single settlement.
    /// </summary>
    /// <param name="credential">The credential.</param>
    /// <param name="requirement">What it must pay.</param>
    /// <param name="cancellationToken">Cancels the checks (never a claimed settlement).</param>
    /// <returns>The settled payment, or why not (an HTTP status and an RFC 9457 problem type, title and detail).</returns>
    public async Task<PaymentCheck> CheckCredentialAsync(PaymentCredential credential, PaymentRequirement requirement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(requirement);
        Verdict verdict;
        try
        {
            verdict = _options.EnableMpp
                ? await VerifyMppCredentialAsync(credential, PaymentHeaderNames.Authorization, requirement, cancellationToken).ConfigureAwait(false)
                : Verdict.Fail(StatusCodes.Status400BadRequest, PaymentProblemTypes.MethodUnsupported, "MPP unsupported", "This server does not accept MPP credentials.");
        }
        catch (Exception e) when (ChainSettler.IsUnreachable(e))
        {
            LogChainUnavailableBeforeClaim(e, null);
            verdict = Settlements.ChainUnavailable;
        }

        return new PaymentCheck(verdict.Paid, verdict.Status, verdict.ProblemType, verdict.Title, verdict.Detail);
    }

    /// <summary>A fresh MPP challenge for <paramref name="requirement"/> in <paramref name="realm"/> (or the configured realm).</summary>
    /// <param name="requirement">What it asks for.</param>
    /// <param name="realm">The protection space when none is configured.</param>
    /// <returns>The challenge, bound to this server's secret.</returns>
    public PaymentChallenge IssueChallenge(PaymentRequirement requirement, string realm)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        return IssueMppChallenge(_options.Realm is { Length: > 0 } configured ? configured : realm, requirement, credentialHeader: null);
    }

    private async Task<Verdict> VerifyMppCredentialAsync(PaymentCredential credential, string field, PaymentRequirement requirement, CancellationToken ct)
    {
        var challenge = credential.Challenge;
        switch (_binder.Check(challenge, time, _options.Realm))
        {
            case ChallengeVerdict.IdMismatch or ChallengeVerdict.RealmMismatch:
                return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.InvalidChallenge, "Invalid challenge",
                    "The challenge in the credential was not issued by this server, or was altered.");
            case ChallengeVerdict.Expired:
                return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.PaymentExpired, "Challenge expired",
                    "The challenge has expired; pay the new one.");
        }

        // The challenge (bound by its id) names the one field its credential is accepted from.
        if (challenge.CredentialField != field)
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.InvalidChallenge, "Credential in the wrong field",
                $"The challenge asks for its credential in {challenge.CredentialField ?? challenge.CredentialHeader}; it came in {field}.");
        if (challenge.Method != EvmChargeRequest.Method || challenge.Intent != EvmChargeRequest.Intent)
            return Verdict.Fail(StatusCodes.Status400BadRequest, PaymentProblemTypes.MethodUnsupported, "Method unsupported",
                $"This server charges with evm/charge, not {challenge.Method}/{challenge.Intent}.");

        EvmChargeRequest request;
        EvmChargePayload payload;
        try
        {
            request = EvmChargeRequest.FromChallenge(challenge);
            payload = EvmChargePayload.FromCredential(credential);
        }
        catch (PaymentProtocolException e)
        {
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.MalformedCredential, "Malformed credential", e.Message);
        }

        // The challenge is genuine, but it must be this endpoint's price: a challenge for a cheaper
        // resource of the same server does not pay for this one.
        if (request.Amount != requirement.Amount || request.Currency != requirement.Token || request.Recipient != requirement.Recipient ||
            request.MethodDetails.ChainId != _options.ChainId || !requirement.SplitsAre(request.MethodDetails.Splits))
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.InvalidChallenge, "Invalid challenge",
                "The credential answers a challenge for another resource or price.");
        if (!_options.CredentialTypes.Contains(payload.Type))
            return Verdict.Fail(StatusCodes.Status400BadRequest, PaymentProblemTypes.MethodUnsupported, "Credential type unsupported",
                $"This server accepts {string.Join(", ", _options.CredentialTypes)} credentials, not {payload.Type}.");
        var check = EvmChargeVerifier.Check(challenge, request, payload, time);
        if (check != EvmPayloadVerdict.Valid)
            return Verdict.Fail(StatusCodes.Status402PaymentRequired,
                check is EvmPayloadVerdict.AmountMismatch ? PaymentProblemTypes.PaymentInsufficient
                : check is EvmPayloadVerdict.AuthorizationExpired ? PaymentProblemTypes.PaymentExpired
                : PaymentProblemTypes.VerificationFailed,
                "Payment not accepted", Describe(check));

        return payload switch
        {
            EvmAuthorizationPayload authorization => await SettleAuthorizationAsync("mpp", challenge.Id, requirement,
                new TransferAuthorization(authorization.From.ToChain(), authorization.To.ToChain(), authorization.Value, authorization.ValidAfter,
                    authorization.ValidBefore, authorization.Nonce.ToBytes()), authorization.Signature, ct).ConfigureAwait(false),
            EvmTransactionPayload transaction => await SettleTransactionAsync(challenge.Id, requirement, transaction, ct).ConfigureAwait(false),
            EvmHashPayload hash => await SettleHashAsync("mpp", requirement, hash.Hash.ToString(), credential, ct).ConfigureAwait(false),
            EvmPermit2Payload permit => await SettlePermit2Async(challenge, request, permit, credential.Source, ct).ConfigureAwait(false),
            _ => Verdict.Fail(StatusCodes.Status400BadRequest, PaymentProblemTypes.MethodUnsupported, "Credential type unsupported",
                $"This server does not settle {payload.Type} credentials."),
        };
    }

    // The evm charge challenge for a requirement: the credential types this server offers for it (only permit2 with splits;
    // the permits' spender is this server's settlement key).
    private PaymentChallenge IssueMppChallenge(string realm, PaymentRequirement requirement, string? credentialHeader)
    {
        string[] types = [.. _options.CredentialTypes.Where(t => Offerable(t) && (!requirement.HasSplits || t == EvmCredentialTypes.Permit2))];
        if (types.Length == 0)
            throw new InvalidOperationException("This endpoint pays splits, which only permit2 credentials pay: add permit2 to Payments:CredentialTypes.");
        var permit2 = types.Contains(EvmCredentialTypes.Permit2);
        var details = new EvmMethodDetails(_options.ChainId, CredentialTypes: types, Splits: requirement.Splits,
            Permit2Address: permit2 && _options.Permit2Address is not null ? Permit2.ToProtocol() : null,
            Spender: permit2 ? settler.SubmitterAddress!.Value.ToProtocol() : null);
        var request = new EvmChargeRequest(requirement.Amount, requirement.Token, requirement.Recipient, details, requirement.Description);
        // A random value in opaque (bound by the id) makes every challenge unique: two 402s in the
        // same second would otherwise be the same challenge, and the same EIP-3009 nonce.
        var unique = PaymentChallenge.EncodeOpaque([new("n", Base64Url.Encode(RandomNumberGenerator.GetBytes(12)))]);
        return _binder.Issue(realm, EvmChargeRequest.Method, EvmChargeRequest.Intent, request.ToJson(),
            time.GetUtcNow() + _options.ChallengeLifetime, description: requirement.Description, opaque: unique, credentialHeader: credentialHeader);
    }
}
