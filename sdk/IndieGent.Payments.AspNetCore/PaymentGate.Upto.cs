using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Chain.Permit2;
using IndieGent.Chain.X402;
using IndieGent.Payments.Protocol;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.X402;
using Microsoft.AspNetCore.Http;
using ChainAddress = IndieGent.Chain.EvmAddress;

namespace IndieGent.Payments.AspNetCore;

/// <summary>
/// Metered endpoints (x402 <c>upto</c>): the payer's Permit2 permit for the maximum is verified and claimed before the endpoint
/// runs (a replay is refused before it costs anything); the answer is held back, and after a 2xx this server (the facilitator)
/// settles what the endpoint charged through the upto proxy, then sends the answer with <c>PAYMENT-RESPONSE</c>. Any other
/// answer charges nothing and gives the permit back.
/// </summary>
public sealed partial class PaymentGate
{
    // What a metered endpoint may take to run, on top of the settlement's wait, before its permit must still be valid.
    private const long MeteredRunBudgetSeconds = 30;

    private ChainAddress UptoProxy => _options.X402UptoProxyAddress is { } configured
        ? ChainAddress.Parse(configured)
        : X402Permit2Signatures.UptoProxyCanonicalAddress;

    internal async ValueTask<object?> RunMeteredAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, PaymentRequirement requirement)
    {
        var http = context.HttpContext;
        (MeteredProof? Admitted, Verdict? Refusal) admission;
        try
        {
            admission = await AdmitMeteredAsync(http, requirement).ConfigureAwait(false);
        }
        catch (Exception e) when (ChainSettler.IsUnreachable(e))
        {
            LogChainUnavailableBeforeClaim(e, http.Request.Path.Value);
            admission = (null, Settlements.ChainUnavailable);
        }

        var (admitted, refusal) = admission;
        if (refusal?.Paid is { } settledBefore)
        {
            // The permit's transaction, parked by an earlier request that stopped waiting, is confirmed now: that request's
            // answer was lost, so this one is served (the endpoint runs again) and charged nothing more.
            http.Features.Set(settledBefore);
            AddReceipt(http, settledBefore);
            return await next(context).ConfigureAwait(false);
        }

        if (admitted is null)
        {
            await WriteMeteredRefusalAsync(http, requirement, refusal!).ConfigureAwait(false);
            return Results.Empty;
        }

        var meter = new MeteredCharge(requirement.Amount);
        http.Features.Set(meter);
        var original = http.Response.Body;
        using var held = new MemoryStream();
        http.Response.Body = held;
        try
        {
            var value = await next(context).ConfigureAwait(false);
            await PaymentIdentifiers.AsResult(value).ExecuteAsync(http).ConfigureAwait(false);
        }
        catch
        {
            await _settlements.ReleaseAsync(admitted.Settlement.Key).ConfigureAwait(false);
            throw;
        }
        finally
        {
            http.Response.Body = original;
        }

        if (http.Response.StatusCode is < 200 or > 299)
        {
            // Not served: nothing is charged, and the permit may pay for another try.
            await _settlements.ReleaseAsync(admitted.Settlement.Key).ConfigureAwait(false);
            await SendHeldAsync(http, held).ConfigureAwait(false);
            return Results.Empty;
        }

        var amount = meter.Amount ?? requirement.Amount;
        Verdict verdict;
        if (amount.IsZero)
        {
            // Nothing moves, so the permit stays unused on chain: it is given back, and may pay a later request.
            await _settlements.ReleaseAsync(admitted.Settlement.Key).ConfigureAwait(false);
            verdict = Verdict.Pass(new PaidRequest("x402", "", null, admitted.Settlement.Payer.ToChecksumHex()));
        }
        else
        {
            verdict = await _settlements.SettleClaimedAsync(admitted.Settlement with
            {
                SubmitAsync = cancel => settler.SubmitUptoAsync(UptoProxy, admitted.Permit, amount, admitted.Settlement.Payer, admitted.Witness, admitted.Signature, cancel),
            }, http.RequestAborted).ConfigureAwait(false);
        }

        if (verdict.Paid is not { } paid)
        {
            // Unpaid, the answer is not given: the problem goes out instead (the same permit can be sent again).
            http.Response.Clear();
            await WriteMeteredRefusalAsync(http, requirement, verdict).ConfigureAwait(false);
            return Results.Empty;
        }

        http.Features.Set(paid);
        http.Response.Headers.CacheControl = "private";
        http.Response.Headers[X402HeaderNames.PaymentResponse] = new X402SettleResponse(true, paid.TransactionHash, X402Networks.ToCaip2(_options.ChainId),
            paid.Payer, Amount: amount.ToString(CultureInfo.InvariantCulture)).Format();
        await SendHeldAsync(http, held).ConfigureAwait(false);
        return Results.Empty;
    }

    private static async Task SendHeldAsync(HttpContext http, MemoryStream held)
    {
        http.Response.ContentLength = held.Length;
        held.Position = 0;
        await held.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
    }

    private async Task<(MeteredProof? Admitted, Verdict? Refusal)> AdmitMeteredAsync(HttpContext http, PaymentRequirement requirement)
    {
        if (!settler.CanSubmitAuthorizations || !_options.EnableX402)
            throw new InvalidOperationException("Metered endpoints are paid with x402 upto permits, which this server settles itself: it needs EnableX402 and a SettlementPrivateKey.");
        if (http.Request.Headers[X402HeaderNames.PaymentSignature].ToString() is not { Length: > 0 } header)
            return (null, Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.PaymentRequired, "Payment required",
                $"This resource costs up to {requirement.Amount} base units of {requirement.Token}, charged for what it uses."));
        X402PaymentPayload payment;
        X402Permit2Payload permit;
        try
        {
            payment = X402PaymentPayload.Parse(header);
            permit = X402Permit2Payload.Parse(payment.Payload);
        }
        catch (PaymentProtocolException e)
        {
            return (null, Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.MalformedCredential, "Malformed payment", e.Message));
        }

        var facilitator = settler.SubmitterAddress!.Value;
        var accepted = await UptoRequirementsAsync(requirement, http.RequestAborted).ConfigureAwait(false);
        if (!payment.Accepted.Equals(accepted))
            return (null, NotAccepted("The payment accepts other requirements than this resource's."));
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var why = permit switch
        {
            _ when permit.Token != requirement.Token || permit.Amount != requirement.Amount => "The permit is not for this resource's token and maximum.",
            _ when permit.To != requirement.Recipient => "The permit pays another recipient.",
            _ when permit.Spender.ToChain() != UptoProxy => "The permit is for another spender than the upto proxy.",
            _ when permit.Facilitator?.ToChain() != facilitator => "The permit names another facilitator than this server.",
            _ when permit.ValidAfter > now => "The permit is not valid yet.",
            // It must outlive the endpoint's run and the settlement's wait.
            _ when permit.Deadline <= now + (long)_options.SettlementTimeout.TotalSeconds + MeteredRunBudgetSeconds =>
                "The permit expires before a charge could be settled.",
            _ => null,
        };
        if (why is not null)
            return (null, NotAccepted(why));

        EvmSignature signature;
        try
        {
            signature = EvmSignature.Parse(permit.Signature);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return (null, Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.MalformedCredential, "Malformed payment",
                "The signature is not 65 bytes of hex."));
        }

        var owner = permit.From.ToChain();
        var token = requirement.Token.ToChain();
        var permitted = new PermitTransferFrom(new TokenPermission(token, permit.Amount), permit.Nonce, permit.Deadline);
        var witness = new UptoWitness(permit.To.ToChain(), facilitator, permit.ValidAfter);
        ChainAddress? signer;
        try
        {
            signer = Permit2Signatures.Recover(X402Permit2Signatures.UptoDigest(_options.ChainId, Permit2, UptoProxy, permitted, witness), signature);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            signer = null;
        }

        if (signer != owner)
            return (null, NotAccepted("The permit is not signed by its payer for the upto proxy."));
        if (Refused([owner]) is { } refused)
            return (null, refused);
        var proof = new MeteredProof(new PendingSettlement("x402", null, $"permit2:{_options.ChainId}:{Permit2.ToLowerHex()}:{owner.ToLowerHex()}:{permit.Nonce}",
            owner, cancel => settler.CheckPermit2Async(Permit2, token, owner, permit.Nonce, permit.Amount, cancel),
            _ => throw new InvalidOperationException("A metered payment is submitted once its amount is known.")), permitted, witness, signature);
        // A transaction of this permit parked by an earlier request is followed, never sent again (a pass here is "settled before").
        if (await _settlements.TryResumeAsync(proof.Settlement, http.RequestAborted).ConfigureAwait(false) is { } resumed)
            return (null, resumed);
        return await _settlements.ClaimAsync(proof.Settlement, http.RequestAborted).ConfigureAwait(false) is { } notClaimed ? (null, notClaimed) : (proof, null);
    }

    private Task WriteMeteredRefusalAsync(HttpContext http, PaymentRequirement requirement, Verdict verdict) =>
        WriteRefusalAsync(http, verdict, async () =>
        {
            http.Response.Headers[X402HeaderNames.PaymentRequired] = X402PaymentRequired.Create(new X402ResourceInfo(ResourceUrl(http), requirement.Description, null),
                [await UptoRequirementsAsync(requirement, http.RequestAborted).ConfigureAwait(false)], "Payment required").Format();
        });

    private async Task<X402PaymentRequirements> UptoRequirementsAsync(PaymentRequirement requirement, CancellationToken ct)
    {
        var domain = await settler.DomainAsync(requirement.Token.ToChain(), ct).ConfigureAwait(false);
        return X402PaymentRequirements.CreateUptoEvm(_options.ChainId, requirement.Amount, requirement.Token, requirement.Recipient,
            (long)_options.ChallengeLifetime.TotalSeconds, domain.Name, domain.Version, settler.SubmitterAddress!.Value.ToProtocol());
    }
}

/// <summary>A claimed upto permit, waiting for the endpoint's charge (the settlement is submitted once the amount is known).</summary>
internal sealed record MeteredProof(PendingSettlement Settlement, PermitTransferFrom Permit, UptoWitness Witness, EvmSignature Signature);
