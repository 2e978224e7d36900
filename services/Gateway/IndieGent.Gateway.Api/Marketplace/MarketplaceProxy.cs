using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using IndieGent.Contracts.Idempotency;
using IndieGent.Contracts.Marketplace;
using IndieGent.Contracts.Payments;
using IndieGent.Marketplace.Catalog;
using IndieGent.Payments.Protocol.Marketplace;
using IndieGent.Gateway.Api.Payments;
using IndieGent.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace IndieGent.Gateway.Api.Marketplace;

/// <summary>
/// <c>ANY /v1/marketplace/{slug}/{**path}</c>: an agent calls a marketplace service with its IndieGent
/// key and nothing else. The price is reserved under the agent's spending policy (every rule, as for
/// a 402 payment), the request goes to the provider with a signed header saying it is paid, and the
/// provider's answer decides the charge before it is streamed back: captured to the provider's
/// ledger account on success, voided when the provider failed (5xx, timeout, unreachable — per the
/// service's failure policy). The call id (from the agent's Idempotency-Key) is charged once.
/// </summary>
public static class MarketplaceProxy
{
    public const string UpstreamClient = "marketplace-upstream";
    public const string CallIdHeader = "IndieGent-Call-Id";
    public const string ChargeStatusHeader = "IndieGent-Charge-Status";
    public const string ChargeAmountHeader = "IndieGent-Charge-Amount";
    public const string ChargeReasonHeader = "IndieGent-Charge-Reason";

    // Never forwarded either way: hop-by-hop headers, the agent's IndieGent credentials and what the proxy sets itself.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Authorization", "Cookie", "Connection", "Keep-Alive", "Proxy-Authorization", "Proxy-Connection", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Idempotency-Key", "Content-Length", MarketplaceCallHeader.Name, ForwardedIdentityDefaults.HeaderName,
        "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "Prefer",
    };

    private static readonly HashSet<string> NotReturned = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Trailer", "Upgrade", "Proxy-Authenticate", "Set-Cookie", "Server",
        CallIdHeader, ChargeStatusHeader, ChargeAmountHeader, ChargeReasonHeader,
    };

    public static IEndpointRouteBuilder MapMarketplaceProxy(this IEndpointRouteBuilder app)
    {
        app.Map("/v1/marketplace/{slug}/{**path}", Call).WithTags("Marketplace").RequireAuthorization(IdentityPolicies.Agent)
            .WithSummary("Call a marketplace service, paid from the agent's wallet");
        app.MapGet("/v1/marketplace/keys", (MarketplaceCallSigner signer, HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=300";
            return TypedResults.Ok(signer.Keys);
        }).WithTags("Marketplace").AllowAnonymous().WithSummary("The public keys marketplace call headers are signed with");
        return app;
    }

    public static async Task Call(string slug, string? path, HttpContext http, ClaimsPrincipal user, ProxyTargets targets, ServiceClient services,
        MarketplaceCallSigner signer, IHttpClientFactory clients, IOptions<MarketplaceOptions> options, IOptions<ChainSettings> chain,
        TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 0 && !IdempotentIds.IsValidKey(key))
        {
            await WriteAsync(http, Problem(StatusCodes.Status400BadRequest, "invalid-idempotency-key", "Invalid Idempotency-Key",
                "An Idempotency-Key is 1–255 visible ASCII characters."));
            return;
        }

        if (http.Request.ContentLength > options.Value.MaxRequestBytes)
        {
            await WriteAsync(http, Problem(StatusCodes.Status413PayloadTooLarge, "request-too-large", "Request too large",
                $"A marketplace call's body is at most {options.Value.MaxRequestBytes} bytes."));
            return;
        }

        var target = await targets.FindAsync(slug, user, ct);
        if (target is null)
        {
            await WriteAsync(http, Problem(StatusCodes.Status404NotFound, "service-not-found", "Service not found",
                $"The marketplace lists no active service '{slug}' (search GET /v1/marketplace/services)."));
            return;
        }

        if (target.Kind != "proxied")
        {
            await WriteAsync(http, Problem(StatusCodes.Status409Conflict, "external-service", "Call it directly",
                $"'{slug}' is an external service: call it at {target.BaseUrl} and pay its 402 with POST /v1/payments (the SDK does both)."));
            return;
        }

        var agentId = user.AgentId()!.Value;
        var operatorId = user.OperatorId()!.Value;
        // A retried call (same Idempotency-Key) names the same call; without a key every request is a new call.
        var callId = key.Length > 0 ? IdempotentIds.From(agentId, "marketplace:" + slug + ":" + key) : Guid.CreateVersion7();
        var upstreamPath = "/" + (path ?? "");
        var price = RoutePrice.PriceOf(target.Routes, target.Price, http.Request.Method, upstreamPath);
        var upstream = new Uri(target.BaseUrl + upstreamPath + http.Request.QueryString.Value);
        var terms = new PaymentTerms(MarketplaceCharges.Protocol, chain.Value.ChainId, chain.Value.TokenAddress.ToLowerInvariant(),
            target.PayoutAddress.ToLowerInvariant(), price.ToString(CultureInfo.InvariantCulture), MarketplaceCharges.CredentialType, upstream.Host,
            null, slug, null);
        http.Response.Headers[CallIdHeader] = callId.ToString();

        // The provider's header is made before anything is reserved: a path it cannot carry is refused with nothing held.
        var failure = target.Failure;
        var now = time.GetUtcNow();
        string callHeader;
        try
        {
            callHeader = signer.Sign(new MarketplaceCall(target.ProviderId, slug, callId, price.ToString(CultureInfo.InvariantCulture),
                target.Currency, http.Request.Method, upstream.AbsolutePath, now,
                now + TimeSpan.FromSeconds(failure.TimeoutSeconds) + options.Value.HeaderGrace));
        }
        catch (ArgumentException)
        {
            await WriteAsync(http, Problem(StatusCodes.Status400BadRequest, "invalid-path", "Path not callable",
                "The path is too long or contains characters a marketplace call cannot carry; nothing was charged.", callId));
            return;
        }

        // 1. The Ledger reserves the price (or says where a known call stands).
        using var charged = await services.SendAsync("ledger", HttpMethod.Post, "/internal/marketplace/charges", user, ct,
            new MarketplaceChargeRequested(new PaymentRequested(callId, agentId, operatorId, key.Length > 0 ? key : callId.ToString(), terms,
                time.GetUtcNow()), Guid.CreateVersion7()));
        if (charged.StatusCode == HttpStatusCode.Conflict)
        {
            await WriteAsync(http, Problem(StatusCodes.Status409Conflict, "idempotency-key-reused", "Idempotency-Key already used",
                "This Idempotency-Key was used for a different call (another route or price); use a new key for a new call.", callId));
            return;
        }

        if (!charged.IsSuccessStatusCode)
        {
            http.Response.Headers.RetryAfter = "2";
            await WriteAsync(http, Problem(StatusCodes.Status503ServiceUnavailable, "service-unavailable", "Try again shortly",
                "The call could not be charged right now; nothing was charged. Retry with the same Idempotency-Key.", callId));
            return;
        }

        var charge = (await charged.Content.ReadFromJsonAsync<MarketplaceCharge>(ServiceClient.Json, ct))!;
        if (!charge.Proceed)
        {
            await WriteAsync(http, NotMade(charge, http));
            return;
        }

        // 2. The provider, told the call is paid; its status line decides the charge.
        var started = Stopwatch.GetTimestamp();
        using var request = Forwarded(http, upstream, target, callHeader);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(failure.TimeoutSeconds));
        HttpResponseMessage? response = null;
        (bool Failed, PaymentReason Reason, int Status, string Type, string Title, string Detail)? broke = null;
        try
        {
            response = await clients.CreateClient(UpstreamClient).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            broke = (failure.VoidOnTimeout, PaymentReason.UpstreamTimedOut, StatusCodes.Status504GatewayTimeout, "upstream-timeout", "Provider timed out",
                $"'{slug}' did not answer within {failure.TimeoutSeconds} s.");
        }
        catch (HttpRequestException e)
        {
            broke = (failure.VoidOnConnectionFailure, PaymentReason.UpstreamFailed, StatusCodes.Status502BadGateway, "upstream-unreachable",
                "Provider unreachable", $"'{slug}' could not be reached ({e.HttpRequestError}).");
        }

        var latency = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        using (response)
        {
            // 3. Capture or void, in the Ledger, before the agent sees anything: the headers tell the truth about the charge.
            var status = response is null ? (int?)null : (int)response.StatusCode;
            var failed = broke?.Failed ?? failure.Fails(status!.Value);
            var reason = broke?.Reason ?? PaymentReason.UpstreamFailed;
            var outcome = new MarketplaceCallOutcome(!failed, failed ? reason : null,
                failed ? broke?.Detail ?? $"'{slug}' answered {status}; the price was released." : null, slug, target.ProviderId, status, latency);
            var ended = await EndAsync(services, user, callId, outcome, loggers, ct);
            http.Response.Headers[ChargeAmountHeader] = price.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers[ChargeStatusHeader] = ended?.Status switch
            {
                PaymentStatus.Settled => "captured",
                PaymentStatus.Failed or PaymentStatus.Denied or PaymentStatus.Expired => "voided",
                // The Ledger could not be told: the hold is released on its deadline unless the outcome arrives.
                _ => "pending",
            };
            if (ended?.Status is PaymentStatus.Failed)
                http.Response.Headers[ChargeReasonHeader] = (ended.Reason ?? reason).ToString();

            if (response is null)
            {
                var (_, _, code, type, title, detail) = broke!.Value;
                var charged2 = ended?.Status == PaymentStatus.Settled ? " The call was charged (the service's failure policy)." : " Nothing was charged.";
                await WriteAsync(http, Problem(code, type, title, detail + charged2, callId, ended?.Reason));
                return;
            }

            // 4. The provider's answer, streamed through.
            http.Response.StatusCode = status!.Value;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!NotReturned.Contains(name))
                    http.Response.Headers[name] = values.ToArray();
            }

            http.Response.Headers.Remove("Transfer-Encoding");
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            await body.CopyToAsync(http.Response.Body, ct);
        }
    }

    private static HttpRequestMessage Forwarded(HttpContext http, Uri upstream, ProxyTarget target, string callHeader)
    {
        var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), upstream);
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
            request.Content = new StreamContent(http.Request.Body);
        foreach (var (name, values) in http.Request.Headers)
        {
            if (NotForwarded.Contains(name) || name.StartsWith("IndieGent-", StringComparison.OrdinalIgnoreCase))
                continue;
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }

        if (request.Content is not null && http.Request.ContentLength is { } length)
            request.Content.Headers.ContentLength = length;
        request.Headers.TryAddWithoutValidation(MarketplaceCallHeader.Name, callHeader);
        switch (target.UpstreamAuth.Kind)
        {
            case "bearer":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.UpstreamAuth.Secret);
                break;
            case "header":
                request.Headers.TryAddWithoutValidation(target.UpstreamAuth.Header!, target.UpstreamAuth.Secret);
                break;
        }

        return request;
    }

    // The outcome is retried briefly: the Ledger holds the price until its deadline if it never hears.
    private static async Task<MarketplaceCharge?> EndAsync(ServiceClient services, ClaimsPrincipal user, Guid callId, MarketplaceCallOutcome outcome,
        ILoggerFactory loggers, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                using var ended = await services.SendAsync("ledger", HttpMethod.Post, $"/internal/marketplace/charges/{callId}/outcome", user, ct, outcome);
                if (ended.IsSuccessStatusCode)
                    return await ended.Content.ReadFromJsonAsync<MarketplaceCharge>(ServiceClient.Json, ct);
                if ((int)ended.StatusCode < 500)
                    break;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), ct);
        }

        loggers.CreateLogger(typeof(MarketplaceProxy)).LogWarning(
            "The outcome of marketplace call {CallId} did not reach the Ledger; its hold is released at the deadline", callId);
        return null;
    }

    // A call this request may not make: refused, waiting for the operator, in progress or made before.
    private static IResult NotMade(MarketplaceCharge charge, HttpContext http)
    {
        var id = charge.CallId;
        return charge.Status switch
        {
            PaymentStatus.Denied => Denied(id, charge.Reason, charge.Detail),
            PaymentStatus.AwaitingApproval => Problem(StatusCodes.Status202Accepted, "approval-required", "Waiting for the operator",
                $"The call's price {charge.Amount} is above the agent's approval threshold. Once the operator approves payment {id}, " +
                "call again with the same Idempotency-Key.", id, null, "AwaitingApproval"),
            PaymentStatus.Settling => Problem(StatusCodes.Status409Conflict, "call-in-progress", "Call in progress",
                "A request with this Idempotency-Key is calling the provider right now.", id),
            PaymentStatus.Settled => Problem(StatusCodes.Status409Conflict, "call-already-made", "Call already made",
                $"This Idempotency-Key's call was made and charged {charge.Amount}; its answer went to the first request. Use a new key for a new call.", id),
            _ => Problem(StatusCodes.Status409Conflict, "call-already-made", "Call already made",
                $"This Idempotency-Key's call ended ({charge.Status}, {charge.Reason}) and was not charged: {charge.Detail}", id, charge.Reason),
        };
    }

    // The same problem types as POST /v1/payments (…/problems/exceeds-daily-budget, …), naming the call.
    private static IResult Denied(Guid callId, PaymentReason? reason, string? detail) =>
        PaymentsApi.Denied(callId, reason, detail, "Call refused", "callId");

    private static IResult Problem(int status, string type, string title, string detail, Guid? callId = null, PaymentReason? reason = null,
        string? callStatus = null)
    {
        var problem = PaymentsApi.Problem(status, type, title, detail, callId, reason, "callId");
        if (callStatus is not null)
            problem.ProblemDetails.Extensions["status"] = callStatus;
        return problem;
    }

    private static Task WriteAsync(HttpContext http, IResult result) => result.ExecuteAsync(http);
}
