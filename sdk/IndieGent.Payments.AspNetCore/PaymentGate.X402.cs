using IndieGent.Chain;
using IndieGent.Payments.Protocol;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.X402;
using Microsoft.AspNetCore.Http;

namespace IndieGent.Payments.AspNetCore;

/// <summary>x402 (v2 <c>PAYMENT-SIGNATURE</c>, v1 <c>X-PAYMENT</c>): the <c>exact</c> EVM requirements offered and their payments verified.</summary>
public sealed partial class PaymentGate
{
    private async Task<Verdict> VerifyX402Async(string header, PaymentRequirement requirement, bool v1, CancellationToken ct)
    {
        if (!_options.EnableX402)
            return Verdict.Fail(StatusCodes.Status400BadRequest, PaymentProblemTypes.MethodUnsupported, "x402 unsupported", "This server does not accept x402.");
        if (requirement.HasSplits)
            return SplitsNeedPermit2;
        X402PaymentRequirements accepted;
        X402ExactEvmPayload payload;
        try
        {
            if (v1)
            {
                var parsed = X402V1PaymentPayload.Parse(header);
                if (parsed.Scheme != "exact" ||
                    !(X402Networks.TryGetEvmChainId(parsed.Network, Networks, out var chain) && chain == _options.ChainId))
                    return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.VerificationFailed, "Payment not accepted",
                        "The payment is not an exact payment on this server's network.");
                accepted = await RequirementsAsync(requirement, ct).ConfigureAwait(false);
                payload = X402ExactEvmPayload.Parse(parsed.Payload);
            }
            else
            {
                var parsed = X402PaymentPayload.Parse(header);
                accepted = parsed.Accepted;
                payload = X402ExactEvmPayload.Parse(parsed.Payload);
            }
        }
        catch (PaymentProtocolException e)
        {
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.MalformedCredential, "Malformed payment", e.Message);
        }

        if (accepted.Scheme != "exact" || !accepted.TryGetExactEvm(Networks, out var chainId, out var asset, out var payTo) ||
            chainId != _options.ChainId || asset != requirement.Token || payTo != requirement.Recipient || accepted.Amount != requirement.Amount)
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.VerificationFailed, "Payment not accepted",
                "The payment accepts other requirements than this resource's.");
        var authorization = payload.Authorization;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (authorization.To != requirement.Recipient)
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.VerificationFailed, "Payment not accepted", Describe(EvmPayloadVerdict.RecipientMismatch));
        if (authorization.Value != requirement.Amount)
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.PaymentInsufficient, "Payment not accepted", Describe(EvmPayloadVerdict.AmountMismatch));
        if (authorization.ValidAfter > now)
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.VerificationFailed, "Payment not accepted", Describe(EvmPayloadVerdict.NotYetValid));
        if (authorization.ValidBefore <= now + 5)
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.PaymentExpired, "Payment not accepted", Describe(EvmPayloadVerdict.AuthorizationExpired));
        return await SettleAuthorizationAsync(v1 ? "x402v1" : "x402", null, requirement,
            new TransferAuthorization(authorization.From.ToChain(), authorization.To.ToChain(), authorization.Value, authorization.ValidAfter,
                authorization.ValidBefore, authorization.Nonce.ToBytes()), payload.Signature, ct).ConfigureAwait(false);
    }

    private async Task<X402PaymentRequirements> RequirementsAsync(PaymentRequirement requirement, CancellationToken ct)
    {
        var domain = await settler.DomainAsync(requirement.Token.ToChain(), ct).ConfigureAwait(false);
        return X402PaymentRequirements.CreateExactEvm(_options.ChainId, requirement.Amount, requirement.Token, requirement.Recipient,
            (long)_options.ChallengeLifetime.TotalSeconds, domain.Name, domain.Version);
    }
}
