using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Claims;
using IndieGent.Contracts.Idempotency;
using IndieGent.Contracts.Payments;
using IndieGent.Payments.Protocol;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.Offers;
using IndieGent.Payments.Protocol.X402;
using IndieGent.ServiceDefaults;
using IndieGent.ServiceDefaults.Identity;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace IndieGent.Gateway.Api.Payments;

/// <summary>
/// <c>POST /v1/payments</c>: an agent hands over the 402 it received; IndieGent decides under the
/// agent's controls, signs, and answers with the value for <c>Authorization</c> — or a problem
/// saying which rule refused it.
/// </summary>
public static class PaymentsApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly TimeSpan StatusRecheck = TimeSpan.FromSeconds(3);

    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var maxBody = app.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxPaymentRequestBytes;
        app.MapPost("/v1/payments", Pay).WithTags("Payments").RequireAuthorization(IdentityPolicies.Agent)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxBody))
            .WithSummary("Pay a 402 challenge from the agent's wallet")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    /// <param name="Url">The URL the agent called and got 402 from.</param>
    /// <param name="WwwAuthenticate">Every <c>WWW-Authenticate</c> value of the 402, in order.</param>
    /// <param name="PaymentRequired">The x402 <c>PAYMENT-REQUIRED</c> value, if any.</param>
    /// <param name="AcceptPayment">The agent's <c>Accept-Payment</c> preferences, if any.</param>
    /// <param name="MaxAmount">The most the agent will pay for this call, in base units.</param>
    public sealed record PayRequest(string? Url, IReadOnlyList<string>? WwwAuthenticate, string? PaymentRequired, string? AcceptPayment,
        string? MaxAmount);

    /// <param name="Authorization">The credential: the value for the retry's <paramref name="Header"/> (named for the MPP
    /// header it was first made for).</param>
    /// <param name="Protocol"><c>mpp</c>, <c>x402</c>, or <c>mpp-dialect</c> for the older dialect.</param>
    /// <param name="CredentialType"><c>authorization</c>, <c>transaction</c> or <c>hash</c>.</param>
    /// <param name="Header">The request header the retry carries the credential in: <c>Authorization</c>,
    /// <c>Payment-Authorization</c> when the MPP challenge asks for it, or <c>PAYMENT-SIGNATURE</c> for x402.</param>
    public sealed record PaymentResult(
        Guid PaymentId, PaymentStatus Status, string? Authorization, string Amount, string Currency, string Recipient, long ChainId,
        DateTimeOffset? ValidBefore, string? TxHash, string Protocol, string CredentialType, string Header);

    private sealed record LedgerView(Guid Id, PaymentStatus Status, string? Credential, PaymentReason? Reason, string? Detail, string? TxHash,
        DateTimeOffset? ValidBefore);

    public static async Task<IResult> Pay(
        PayRequest? body, HttpContext http, ClaimsPrincipal user, PaymentWaiters waiters, ServiceClient services,
        IOptions<GatewayOptions> options, PayableOffers payable, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (!IdempotentIds.IsValidKey(key))
            return Problem(StatusCodes.Status400BadRequest, "idempotency-key-required", "Idempotency-Key required",
                "Send an Idempotency-Key header (1–255 visible ASCII characters) so a retried request cannot pay twice.");
        if (body is null || !Uri.TryCreate(body.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            return Problem(StatusCodes.Status400BadRequest, "invalid-request", "Invalid request",
                "'url' must be the absolute http(s) URL that answered 402.");
        if ((body.WwwAuthenticate is null || body.WwwAuthenticate.Count == 0) && string.IsNullOrEmpty(body.PaymentRequired))
            return Problem(StatusCodes.Status400BadRequest, "invalid-request", "Invalid request",
                "Send the 402's WWW-Authenticate values ('wwwAuthenticate') or its PAYMENT-REQUIRED value ('paymentRequired').");
        // Reading challenges costs CPU: a request gets as many as a real 402 carries, no more.
        var limits = options.Value;
        if (body.WwwAuthenticate is { } challenges &&
            (challenges.Count > limits.MaxChallenges || challenges.Any(c => c is null || c.Length > limits.MaxChallengeLength)))
            return Problem(StatusCodes.Status400BadRequest, "too-many-challenges", "Too many or too long challenges",
                $"Send at most {limits.MaxChallenges} WWW-Authenticate values of at most {limits.MaxChallengeLength} characters each.");
        if (body.PaymentRequired?.Length > limits.MaxChallengeLength || body.AcceptPayment?.Length > limits.MaxChallengeLength)
            return Problem(StatusCodes.Status400BadRequest, "too-many-challenges", "Too many or too long challenges",
                $"'paymentRequired' and 'acceptPayment' may be at most {limits.MaxChallengeLength} characters.");
        BigInteger? maxAmount = null;
        if (body.MaxAmount is not null)
        {
            if (!BigInteger.TryParse(body.MaxAmount, NumberStyles.None, CultureInfo.InvariantCulture, out var max))
                return Problem(StatusCodes.Status400BadRequest, "invalid-request", "Invalid request", "'maxAmount' must be a non-negative integer of base units.");
            maxAmount = max;
        }

        var offers = payable.Read(body);
        if (payable.Select(offers, body.AcceptPayment) is not { } selection)
            return Unpayable(offers, payable, time);
        var offer = selection.Offer;
        if (maxAmount is { } limit && offer.Amount > limit)
            return Problem(StatusCodes.Status422UnprocessableEntity, "price-above-maximum", "Price above your maximum",
                $"The service asks {offer.Amount} base units; the request allows at most {limit}.");

        var agentId = user.AgentId()!.Value;
        var paymentId = IdempotentIds.From(agentId, key);
        // Registered before anything is asked, so no status can slip between the question and the wait.
        using var waiter = waiters.Register(paymentId);

        // 1. The Ledger reserves and creates the saga in one commit (or says where a known payment stands).
        using var reserved = await services.SendAsync("ledger", HttpMethod.Post, "/internal/payments", user, ct,
            new PaymentRequested(paymentId, agentId, user.OperatorId()!.Value, key, TermsOf(selection, url), time.GetUtcNow()));
        if (reserved.StatusCode == HttpStatusCode.Conflict)
            return Problem(StatusCodes.Status409Conflict, "idempotency-key-reused", "Idempotency-Key already used",
                "This Idempotency-Key was used for a different payment; use a new key for a new payment.", paymentId);
        if (!reserved.IsSuccessStatusCode)
            return Unavailable(http, paymentId);
        var decided = (await reserved.Content.ReadFromJsonAsync<CapChecked>(ServiceClient.Json, ct))!;
        // From here on every answer is built from the stored terms, never from this request's.
        var terms = decided.Terms;
        var answer = new SettlementAnswer(decided.Status, decided.Credential, decided.ValidBefore, decided.TxHash, decided.Reason, decided.Detail);

        // 2. Settlement makes the credential now (the Wallet signs what the ticket names), unless it exists.
        if (decided.Ticket is { } ticket && !PaymentWaiters.IsAnswer(decided.Status, decided.Credential))
        {
            using var settled = await services.SendAsync("settlement", HttpMethod.Post, "/internal/payments/settle", user, ct,
                new SettlePayment(paymentId, agentId, terms, ticket));
            if (!settled.IsSuccessStatusCode)
                return Unavailable(http, paymentId);
            answer = (await settled.Content.ReadFromJsonAsync<SettlementAnswer>(ServiceClient.Json, ct))!;
        }

        // A credential is answered at once. A failure is answered once the saga has voided the hold,
        // so an agent told "failed" never finds its funds still held.
        if (PaymentWaiters.IsAnswer(answer.Status, answer.Credential) && (answer.Credential is not null || decided.Ticket is null))
            return Answer(paymentId, answer.Status, answer.Credential, terms, answer.ValidBefore, answer.TxHash, answer.Reason, answer.Detail);

        // 3. A transfer on its way (its hash credential comes once confirmed), or a failure being voided: wait for the saga's word.
        // The status usually arrives on this instance's queue; a status lost on the way (a reconnect
        // re-creates the temporary queue) must not cost the whole wait: the ledger is read every few seconds.
        // One agent gets a bounded number of waiting requests (each holds a connection and polls the
        // Ledger); the rest are answered 202 at once and poll the payment themselves.
        using var slot = waiters.TryHoldWait(agentId, options.Value.MaxWaitingPaymentsPerAgent);
        if (slot is null)
        {
            http.Response.Headers.RetryAfter = "1";
            return Answer(paymentId, answer.Status, null, terms, null, answer.TxHash, null, null);
        }

        var wait = PreferredWait(http, options.Value.PaymentWait);
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var slice = deadline - time.GetUtcNow();
            if (slice > StatusRecheck)
                slice = StatusRecheck;
            var status = slice > TimeSpan.Zero ? await waiter.WaitAsync(slice, ct) : null;
            if (status is not null)
                return Answer(paymentId, status.Status, status.Credential, terms, status.ValidBefore, status.TxHash, status.Reason, status.Detail);
            if (await ReadAsync(services, paymentId, user, ct) is { } recorded && PaymentWaiters.IsAnswer(recorded.Status, recorded.Credential))
                return Answer(paymentId, recorded.Status, recorded.Credential, terms, recorded.ValidBefore, recorded.TxHash, recorded.Reason, recorded.Detail);
            if (time.GetUtcNow() >= deadline)
                break;
        }

        loggers.CreateLogger(typeof(PaymentsApi)).LogInformation("Payment {PaymentId} not decided within {Wait}; answered 202", paymentId, wait);
        return Answer(paymentId, answer.Status, null, terms, null, answer.TxHash, null, null);
    }

    // Nothing was decided that a retry with the same key would not find again.
    private static IResult Unavailable(HttpContext http, Guid paymentId)
    {
        http.Response.Headers.RetryAfter = "2";
        return Problem(StatusCodes.Status503ServiceUnavailable, "service-unavailable", "Try again shortly",
            "The payment could not be completed right now; retry with the same Idempotency-Key.", paymentId);
    }

    private static PaymentTerms TermsOf(PaymentSelection selection, Uri url)
    {
        var offer = selection.Offer;
        var (protocol, id, realm, challenge) = offer switch
        {
            { MppChallenge: { } mpp } => (PaymentProtocols.Mpp, mpp.Id, mpp.Realm, mpp.Format()),
            // x402 has no challenge id: the terms keep the offer with only the chosen entry, which the payload echoes.
            { X402Offer: { } x402, X402Requirements: { } accepted } => (PaymentProtocols.X402, null, null, x402.Narrow(accepted).Format()),
            _ => (PaymentProtocols.Dialect, (string?)null, (string?)null, offer.LegacyChallenge!.Format()),
        };
        // A permit2 payment names who may move the funds, and every recipient besides the primary one (the spending controls apply to each).
        var permit2 = selection.CredentialType == EvmCredentialTypes.Permit2 ? offer.EvmRequest?.MethodDetails : null;
        return new PaymentTerms(protocol, offer.ChainId, offer.Asset.ToString().ToLowerInvariant(), offer.Recipient.ToString().ToLowerInvariant(),
            offer.Amount.ToString(CultureInfo.InvariantCulture), selection.CredentialType, url.Host, id, realm, offer.ExpiresAt, challenge,
            permit2?.Splits?.Select(s => new PaymentSplit(s.Recipient.ToString().ToLowerInvariant(), s.Amount.ToString(CultureInfo.InvariantCulture))).ToArray(),
            permit2?.Spender?.ToString().ToLowerInvariant());
    }

    // The field the retry carries the credential in: x402's, or the one the MPP challenge asks for.
    private static string CredentialHeaderOf(PaymentTerms terms) => terms.Protocol switch
    {
        PaymentProtocols.X402 => X402HeaderNames.PaymentSignature,
        PaymentProtocols.Mpp when PaymentChallenge.TryParse(terms.Challenge ?? "", out var challenge, out _) =>
            challenge!.CredentialField ?? PaymentHeaderNames.Authorization,
        _ => PaymentHeaderNames.Authorization,
    };

    // Why nothing could be paid, as precisely as the offers allow.
    private static IResult Unpayable(PaymentOfferSet offers, PayableOffers payable, TimeProvider time)
    {
        if (offers.Offers.Count == 0)
        {
            return offers.Errors.Count > 0
                ? Problem(StatusCodes.Status400BadRequest, "invalid-challenge", "Invalid payment challenge",
                    $"The challenge could not be read: {offers.Errors[0].Message}")
                : Problem(StatusCodes.Status422UnprocessableEntity, "unsupported-challenge", "Unsupported payment challenge",
                    offers.Unsupported.Count > 0
                        ? $"No challenge IndieGent can pay: {string.Join("; ", offers.Unsupported)}."
                        : "The 402 carries no Payment or x402 challenge.");
        }

        if (offers.Offers.All(o => o.IsExpired(time, payable.Capabilities.MinimumRemainingValidity)))
            return Problem(StatusCodes.Status422UnprocessableEntity, "challenge-expired", "Challenge expired",
                "Every challenge has expired (or expires within seconds); call the service again for a fresh one.");
        var described = string.Join("; ", offers.Offers.Select(o =>
            $"{o.Protocol} {o.Method}/{o.Intent} on chain {o.ChainId} in {o.Asset} ({string.Join(", ", o.CredentialTypes)})"));
        return Problem(StatusCodes.Status422UnprocessableEntity, "unsupported-challenge", "Unsupported payment challenge",
            $"IndieGent pays MPP evm/charge (authorization, transaction or hash), x402 v2 exact and the older dialect in {payable.Chain.TokenAddress} on chain {payable.Chain.ChainId}; offered: {described}.");
    }

    private static TimeSpan PreferredWait(HttpContext http, TimeSpan fallback)
    {
        // RFC 7240: Prefer: wait=<seconds>
        foreach (var value in http.Request.Headers["Prefer"])
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                if (part.StartsWith("wait=", StringComparison.OrdinalIgnoreCase) &&
                    int.TryParse(part.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                    return TimeSpan.FromSeconds(Math.Min(seconds, 60));
            }
        }

        return fallback;
    }

    private static async Task<LedgerView?> ReadAsync(ServiceClient services, Guid paymentId, ClaimsPrincipal user, CancellationToken ct)
    {
        using var response = await services.SendAsync("ledger", HttpMethod.Get, $"/v1/payments/{paymentId}", user, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<LedgerView>(ServiceClient.Json, ct);
    }

    private static IResult Answer(Guid paymentId, PaymentStatus status, string? credential, PaymentTerms terms, DateTimeOffset? validBefore,
        string? txHash, PaymentReason? reason, string? detail)
    {
        var location = $"/v1/payments/{paymentId}";
        var result = new PaymentResult(paymentId, status, credential, terms.Amount, terms.Currency, terms.Recipient, terms.ChainId, validBefore, txHash,
            terms.Protocol, terms.CredentialType, CredentialHeaderOf(terms));
        return status switch
        {
            PaymentStatus.Authorized or PaymentStatus.Broadcast or PaymentStatus.Settled when credential is not null => TypedResults.Ok(result),
            PaymentStatus.Denied => Denied(paymentId, reason, detail),
            PaymentStatus.Failed when reason == PaymentReason.InsufficientGas => Problem(StatusCodes.Status402PaymentRequired, "insufficient-gas", "Not enough gas",
                "The service only accepts a transfer the agent's wallet sends itself, and the wallet does not hold enough of the chain's " +
                "native coin to pay its gas. Fund the wallet's address with some, or pay services that accept an EIP-3009 authorization.",
                paymentId, reason),
            PaymentStatus.Failed => Problem(StatusCodes.Status502BadGateway, "settlement-failed", "Payment failed",
                $"The payment could not be settled ({reason}): {detail}", paymentId, reason),
            PaymentStatus.Expired => Problem(StatusCodes.Status409Conflict, "payment-expired", "Payment expired",
                $"The payment expired before it completed ({reason}): {detail}", paymentId, reason),
            _ => TypedResults.Accepted(location, result),
        };
    }

    // Each rule has its own problem type: .../problems/exceeds-daily-budget, .../insufficient-funds, …
    // (a marketplace call refused by the same rule gets the same type, naming its call instead).
    internal static IResult Denied(Guid paymentId, PaymentReason? reason, string? detail, string title = "Payment denied", string idName = "paymentId")
    {
        var status = reason switch
        {
            PaymentReason.InsufficientFunds => StatusCodes.Status402PaymentRequired,
            PaymentReason.InvalidAmount or PaymentReason.UnsupportedCurrency or PaymentReason.UnsupportedChain => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status403Forbidden,
        };
        var name = reason?.ToString() ?? "Denied";
        return Problem(status, Kebab(name), title, detail ?? name, paymentId, reason, idName);
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    internal static ProblemHttpResult Problem(int status, string type, string title, string detail, Guid? paymentId = null,
        PaymentReason? reason = null, string idName = "paymentId")
    {
        var extensions = new Dictionary<string, object?>();
        if (paymentId is not null)
            extensions[idName] = paymentId;
        if (reason is not null)
            extensions["reason"] = reason.ToString();
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: ServiceHostExtensions.ProblemTypeBase + type,
            extensions: extensions);
    }
}
