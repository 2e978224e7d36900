using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using IndieGent.Chain;
using IndieGent.Payments.Protocol;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Http;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.X402;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ChainAddress = IndieGent.Chain.EvmAddress;

namespace IndieGent.Payments.AspNetCore;

/// <summary>
/// Decides whether a request has paid: reads its credential (MPP, x402 v2/v1 or the older dialect),
/// verifies it against the endpoint's <see cref="PaymentRequirement"/> and the challenge binding, screens
/// its payer, and has it settled on chain, at most once. Without a valid payment it writes the 402 (or
/// 400/403, or a 503 asking for the same credential again).
/// </summary>
public sealed partial class PaymentGate(
    IOptions<PaymentServerOptions> options, ChainSettler settler, IPaymentReplayStore replays, TimeProvider time, ILogger<PaymentGate> logger)
{
    private static readonly EvmNetworkDirectory Networks = EvmNetworkDirectory.CreateDefault();

    // Block times come from the chain's clock (a slot time), not ours: a transfer mined just after a
    // challenge may carry a slightly earlier time.
    private static readonly TimeSpan ChainClockSkew = TimeSpan.FromSeconds(15);

    private readonly PaymentServerOptions _options = options.Value;

    private readonly ChallengeIdBinder _binder = ChallengeIdBinder.FromSecret(options.Value.Secret);

    private readonly Settlements _settlements = new(settler, replays, options.Value, logger);

    private readonly PaymentIdentifiers _identifiers = new(replays, options.Value, time, logger);

    /// <summary>The EIP-155 chain this server is paid on.</summary>
    public long ChainId => _options.ChainId;

    /// <summary>Verifies and settles the request's payment; on failure writes the answer and returns <see langword="null"/>.</summary>
    /// <param name="http">The request.</param>
    /// <param name="requirement">The endpoint's price.</param>
    /// <returns>The settled payment, or <see langword="null"/> when the response was written.</returns>
    public async Task<PaidRequest?> AdmitAsync(HttpContext http, PaymentRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(requirement);
        // An x402 payment id is looked up first: a resend of an answered payment is answered again, not verified again.
        var identification = await _identifiers.BeginAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        if (identification.Answer is { } answer)
        {
            await _identifiers.WriteAsync(http, answer).ConfigureAwait(false);
            return null;
        }

        Verdict verdict = identification.Refusal ?? Settlements.ChainUnavailable;
        try
        {
            if (identification.Refusal is null)
                verdict = await VerifyAsync(http.Request.Headers, requirement, http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (ChainSettler.IsUnreachable(e))
        {
            // Before a claim: nothing was settled.
            LogChainUnavailableBeforeClaim(e, http.Request.Path.Value);
            verdict = Settlements.ChainUnavailable;
        }
        finally
        {
            // Paid nothing (or failed): the id is free for the same payment again.
            if (identification.Id is { } begun && verdict.Paid is null)
                await _identifiers.AbandonAsync(begun).ConfigureAwait(false);
        }

        if (verdict.Paid is { } paid)
            return paid with { PaymentIdentifier = identification.Id };
        await WriteRefusalAsync(http, requirement, verdict).ConfigureAwait(false);
        return null;
    }

    /// <summary>Runs the endpoint of a paid request; one paid with an x402 payment id has its answer remembered for the id's resends.</summary>
    internal ValueTask<object?> RunAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, PaidRequest paid) =>
        paid.PaymentIdentifier is { } id ? new(_identifiers.RunAndRememberAsync(context, next, paid, id)) : next(context);

    /// <summary>Adds the receipt headers for a settled payment (only on a 2xx answer).</summary>
    /// <param name="http">The response.</param>
    /// <param name="paid">The payment.</param>
    public void AddReceipt(HttpContext http, PaidRequest paid)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(paid);
        http.Response.OnStarting(() =>
        {
            var response = http.Response;
            if (response.StatusCode is < 200 or > 299)
                return Task.CompletedTask;
            response.Headers.CacheControl = "private";
            switch (paid.Protocol)
            {
                case "mpp":
                    response.Headers[PaymentHeaderNames.PaymentReceipt] = PaymentReceipt.Create(EvmChargeRequest.Method, paid.TransactionHash,
                        time.GetUtcNow(), paid.ChallengeId, _options.ChainId).Format();
                    break;
                case "legacy":
                    response.Headers[PaymentHeaderNames.PaymentReceipt] = new LegacyPaymentReceipt("success", Bytes32.Parse(paid.TransactionHash)).Format();
                    break;
                default:
                    var header = paid.Protocol == "x402v1" ? X402HeaderNames.V1PaymentResponse : X402HeaderNames.PaymentResponse;
                    response.Headers[header] = new X402SettleResponse(true, paid.TransactionHash, X402Networks.ToCaip2(_options.ChainId), paid.Payer).Format();
                    break;
            }

            return Task.CompletedTask;
        });
    }

    private async Task<Verdict> VerifyAsync(IHeaderDictionary headers, PaymentRequirement requirement, CancellationToken ct)
    {
        if (headers[X402HeaderNames.PaymentSignature].ToString() is { Length: > 0 } x402)
            return await VerifyX402Async(x402, requirement, v1: false, ct).ConfigureAwait(false);
        if (headers[X402HeaderNames.V1Payment].ToString() is { Length: > 0 } x402V1)
            return await VerifyX402Async(x402V1, requirement, v1: true, ct).ConfigureAwait(false);
        if (headers[PaymentHeaderNames.PaymentAuthorization].ToString() is { Length: > 0 } paymentAuthorization)
            return await VerifyMppAsync(paymentAuthorization, PaymentHeaderNames.PaymentAuthorization, requirement, ct).ConfigureAwait(false);
        if (headers.Authorization.ToString() is { Length: > 0 } authorization &&
            authorization.StartsWith(PaymentHeaderNames.Scheme + " ", StringComparison.OrdinalIgnoreCase))
            return await VerifyMppAsync(authorization, PaymentHeaderNames.Authorization, requirement, ct).ConfigureAwait(false);
        return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.PaymentRequired, "Payment required",
            $"This resource costs {requirement.Amount} base units of {requirement.Token}.");
    }

    private async Task<Verdict> VerifyLegacyAsync(string header, PaymentRequirement requirement, CancellationToken ct)
    {
        if (requirement.HasSplits)
            return SplitsNeedPermit2;
        if (_options.LegacyChainName is null)
            return Verdict.Fail(StatusCodes.Status400BadRequest, PaymentProblemTypes.MethodUnsupported, "Dialect unsupported",
                "This server does not accept the older credential dialect.");
        LegacyPaymentCredential credential;
        try
        {
            credential = LegacyPaymentCredential.Parse(header);
        }
        catch (PaymentProtocolException e)
        {
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.MalformedCredential, "Malformed credential", e.Message);
        }

        if (!string.Equals(credential.Chain, _options.LegacyChainName, StringComparison.OrdinalIgnoreCase) ||
            !string.Equals(credential.Currency, _options.LegacyCurrency, StringComparison.OrdinalIgnoreCase))
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.VerificationFailed, "Payment not accepted",
                $"This server is paid in {_options.LegacyCurrency} on {_options.LegacyChainName}.");
        return await SettleHashAsync("legacy", requirement, credential.TransactionHash.ToString(), null, ct).ConfigureAwait(false);
    }

    private async Task<Verdict> SettleAuthorizationAsync(string protocol, string? challengeId, PaymentRequirement requirement,
        TransferAuthorization authorization, string signatureHex, CancellationToken ct)
    {
        if (!settler.CanSubmitAuthorizations)
            return Verdict.Fail(StatusCodes.Status400BadRequest, PaymentProblemTypes.MethodUnsupported, "Credential type unsupported",
                "This server has no settlement key and cannot submit authorizations.");
        if (Refused([authorization.From]) is { } refused)
            return refused;
        EvmSignature signature;
        try
        {
            signature = EvmSignature.Parse(signatureHex);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.MalformedCredential, "Malformed credential",
                "The signature is not 65 bytes of hex.");
        }

        var token = requirement.Token.ToChain();
        if (await settler.RecoverSignerAsync(token, authorization, signature, ct).ConfigureAwait(false) != authorization.From)
            return NotAccepted("The authorization is not signed by its payer.");
        var key = $"eip3009:{_options.ChainId}:{token.ToLowerHex()}:{authorization.From.ToLowerHex()}:{Convert.ToHexStringLower(authorization.Nonce)}";
        return await _settlements.SettleAsync(new PendingSettlement(protocol, challengeId, key, authorization.From,
                cancel => settler.CheckAuthorizationAsync(token, authorization, cancel),
                cancel => settler.SubmitAuthorizationAsync(token, authorization, signature, cancel)), ct)
            .ConfigureAwait(false);
    }

    private async Task<Verdict> SettleTransactionAsync(string challengeId, PaymentRequirement requirement, EvmTransactionPayload payload, CancellationToken ct)
    {
        byte[] raw;
        try
        {
            raw = payload.GetRawTransaction();
        }
        catch (PaymentProtocolException e)
        {
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.MalformedCredential, "Malformed credential", e.Message);
        }

        var transfer = settler.ReadTransaction(raw, requirement);
        if (transfer.Failure is { } failure)
            return NotAccepted(failure);
        if (Refused(transfer.Payers) is { } refused)
            return refused;
        var key = $"tx:{_options.ChainId}:0x{Convert.ToHexStringLower(Keccak256.Hash(raw))}";
        return await _settlements.SettleAsync(new PendingSettlement("mpp", challengeId, key, transfer.Payer,
                cancel => settler.CheckBalanceAsync(requirement.Token.ToChain(), transfer.Payer, requirement.Amount, cancel),
                cancel => settler.BroadcastAsync(raw, cancel)), ct)
            .ConfigureAwait(false);
    }

    // A hash proof is bound to the challenge it answers: mined no earlier than the challenge was issued (the
    // older dialect echoes no challenge: within its max age), and, when the credential names a source, sent by it
    // or paid from it (a relayed EIP-3009 transfer: a gas relayer sends it, the source's money moves).
    private async Task<Verdict> SettleHashAsync(string protocol, PaymentRequirement requirement, string hash, PaymentCredential? credential,
        CancellationToken ct)
    {
        var issuedAt = (credential?.Challenge.ExpiresAt ?? time.GetUtcNow()) - _options.ChallengeLifetime;
        var transfer = await settler.CheckTransferAsync(hash, requirement, issuedAt - ChainClockSkew, ct).ConfigureAwait(false);
        if (transfer.Failure is { } failure)
            return NotAccepted(failure);
        if (credential?.Source is { } source &&
            !(DidPkh.TryParse(source, out var did) && did.ChainId == _options.ChainId && transfer.Payers.Contains(did.Address.ToChain())))
            return NotAccepted("The transfer was neither sent by the credential's source nor paid from it.");
        if (Refused(transfer.Payers) is { } refused)
            return refused;
        var key = $"tx:{_options.ChainId}:{hash.ToLowerInvariant()}";
        return await _settlements.SettleAsync(PendingSettlement.Sent(protocol, credential?.Challenge.Id, key, transfer.Payer, hash), ct)
            .ConfigureAwait(false);
    }

    // Every account the money comes from is screened, before anything is claimed or submitted.
    private Verdict? Refused(IEnumerable<ChainAddress> payers) =>
        _options.IsPayerRefused is { } isRefused && payers.Any(payer => isRefused(payer.ToChecksumHex()))
            ? Verdict.Fail(StatusCodes.Status403Forbidden, PaymentProblemTypes.VerificationFailed, "Payer refused",
                "This server does not accept payments from this payer.", challenge: false)
            : null;

    // An endpoint that pays others is paid only by an MPP permit2 credential (one transfer to each).
    private static Verdict SplitsNeedPermit2 { get; } = Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.VerificationFailed,
        "Payment not accepted", "This resource pays others out of its price; only an MPP permit2 credential pays it.");

    private static Verdict NotAccepted(string why) =>
        Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.VerificationFailed, "Payment not accepted", why);

    private Task WriteRefusalAsync(HttpContext http, PaymentRequirement requirement, Verdict verdict) =>
        WriteRefusalAsync(http, verdict, () => AddChallengesAsync(http, requirement));

    // The problem, with what to pay instead on a 402 that offers it (addOffers writes the offers' headers).
    private static async Task WriteRefusalAsync(HttpContext http, Verdict verdict, Func<Task> addOffers)
    {
        var response = http.Response;
        response.StatusCode = verdict.Status;
        response.Headers.CacheControl = "no-store";
        if (verdict.RetryAfter is { } delay)
            response.Headers.RetryAfter = ((int)delay.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        if (verdict.Status == StatusCodes.Status402PaymentRequired && verdict.Challenge)
            await addOffers().ConfigureAwait(false);
        await Results.Problem(type: verdict.ProblemType, title: verdict.Title, detail: verdict.Detail, statusCode: verdict.Status)
            .ExecuteAsync(http).ConfigureAwait(false);
    }

    private async Task AddChallengesAsync(HttpContext http, PaymentRequirement requirement)
    {
        var realm = _options.Realm is { Length: > 0 } configured ? configured : http.Request.Host.Host;
        var challenge = IssueMppChallenge(realm, requirement,
            _options.CredentialInPaymentAuthorization ? PaymentHeaderNames.PaymentAuthorization : null);
        var values = new List<string>();
        if (_options.EnableMpp)
            values.Add(challenge.Format());
        if (_options.LegacyChainName is { } chain && !requirement.HasSplits)
            values.Add(new LegacyPaymentChallenge(LegacyPaymentChallenge.ExactType, chain, _options.LegacyCurrency, requirement.Amount,
                requirement.Recipient, (int)_options.ChallengeLifetime.TotalSeconds).Format());
        if (values.Count > 0)
            http.Response.Headers.WWWAuthenticate = values.ToArray();

        // x402 has no splits: an endpoint that pays others is offered over MPP only.
        if (_options.EnableX402 && settler.CanSubmitAuthorizations && !requirement.HasSplits)
        {
            var accepts = await RequirementsAsync(requirement, http.RequestAborted).ConfigureAwait(false);
            http.Response.Headers[X402HeaderNames.PaymentRequired] = X402PaymentRequired.Create(
                new X402ResourceInfo(ResourceUrl(http), requirement.Description, null), [accepts], "Payment required", _identifiers.Declaration).Format();
        }
    }

    // The resource an x402 offer names: this request's URL without its query.
    private static string ResourceUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}";

    private bool Offerable(string credentialType) =>
        credentialType is not (EvmCredentialTypes.Authorization or EvmCredentialTypes.Permit2) || settler.CanSubmitAuthorizations;

    private static bool IsLegacyCredential(string header)
    {
        try
        {
            return AuthHeaderParser.Parse(header) is [var only] && only.TryGetParameter("credential", out _);
        }
        catch (PaymentProtocolException)
        {
            return false;
        }
    }

    private static string Describe(EvmPayloadVerdict verdict) => verdict switch
    {
        EvmPayloadVerdict.CredentialTypeNotOffered => "The credential type was not offered in the challenge.",
        EvmPayloadVerdict.SplitsRequirePermit2 => "The challenge has splits; only permit2 credentials pay it.",
        EvmPayloadVerdict.RecipientMismatch => "The authorization pays another recipient.",
        EvmPayloadVerdict.AmountMismatch => "The authorization's amount is not the price.",
        EvmPayloadVerdict.ChallengeHashMismatch => "The authorization's nonce is not bound to this challenge.",
        EvmPayloadVerdict.NotYetValid => "The authorization is not valid yet.",
        EvmPayloadVerdict.AuthorizationExpired => "The authorization (or permit) has expired.",
        EvmPayloadVerdict.TransfersMismatch => "The permit's transfers are not the price's: the recipient's remainder, then each split, exactly.",
        EvmPayloadVerdict.PermissionMismatch => "The permit moves another token, or permits less than it transfers.",
        _ => verdict.ToString(),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chain was unreachable while verifying a payment for {Path}")]
    private partial void LogChainUnavailableBeforeClaim(Exception exception, string? path);
}

/// <summary>A request that paid.</summary>
/// <param name="Protocol"><c>mpp</c>, <c>legacy</c>, <c>x402</c> or <c>x402v1</c>.</param>
/// <param name="TransactionHash">The settling transaction.</param>
/// <param name="ChallengeId">The MPP challenge answered, if any.</param>
/// <param name="Payer">The payer's address, when known.</param>
/// <param name="PaymentIdentifier">The x402 payment id the payment carried, when it carried one.</param>
public sealed record PaidRequest(string Protocol, string TransactionHash, string? ChallengeId, string? Payer, string? PaymentIdentifier = null);
