using System.Globalization;
using IndieGent.Payments.Protocol.Marketplace;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IndieGent.Payments.AspNetCore.Marketplace;

/// <summary>
/// Admits a request to a paid endpoint when its <see cref="MarketplaceCallHeader"/> is signed by a platform key, is for
/// this provider, is not expired, is for this very request (method and path) and was not used before; otherwise writes
/// the refusal as a problem.
/// </summary>
internal sealed partial class MarketplaceCallVerifier(
    MarketplacePlatformKeys keys,
    IMarketplaceProviderIdSource providerId,
    IMarketplaceCallReplayStore replays,
    IOptions<MarketplaceCallOptions> options,
    TimeProvider time,
    ILogger<MarketplaceCallVerifier> logger)
{
    private static readonly TimeSpan NotRegisteredRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// True when the request may go on, its call set on <paramref name="http"/>; otherwise the refusal is written. A request
    /// admitted already (the requirement is nested, on a group and its endpoint) is not checked again, except for
    /// <paramref name="service"/>.
    /// </summary>
    public async Task<bool> AdmitAsync(HttpContext http, string? service)
    {
        var verdict = http.Features.Get<MarketplaceCallFeature>() is { } admitted
            ? ForService(admitted.Call, service) ?? Verdict.Admit(admitted.Call)
            : await CheckAsync(http, service).ConfigureAwait(false);
        if (verdict.Call is { } call)
        {
            http.Features.Set(new MarketplaceCallFeature(call));
            LogAdmitted(logger, call.CallId, call.Service);
            return true;
        }

        LogRefused(logger, http.Request.Method, http.Request.Path, verdict.Detail);
        var response = http.Response;
        response.StatusCode = verdict.Status;
        response.Headers.CacheControl = "no-store";
        if (verdict.RetryAfter is { } delay)
            response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await Results.Problem(type: verdict.Type, title: verdict.Title, detail: verdict.Detail, statusCode: verdict.Status)
            .ExecuteAsync(http).ConfigureAwait(false);
        return false;
    }

    private async Task<Verdict> CheckAsync(HttpContext http, string? service)
    {
        var request = http.Request;
        var values = request.Headers[MarketplaceCallHeader.Name];
        if (values.Count == 0 || string.IsNullOrEmpty(values[0]))
            return Verdict.Required;
        if (values.Count > 1)
            return Verdict.Invalid($"The request carries more than one {MarketplaceCallHeader.Name} header.");
        if (providerId.ProviderId is not { } self)
            return Verdict.Unavailable("This provider is not registered with the IndieGent marketplace yet.", NotRegisteredRetryAfter);

        var header = values[0]!;
        var keyId = header.AsSpan(0, Math.Max(header.IndexOf('.', StringComparison.Ordinal), 0)).ToString();
        if (await keys.ForKeyIdAsync(keyId, http.RequestAborted).ConfigureAwait(false) is not { } trusted)
            return Verdict.Unavailable("The platform's keys cannot be fetched right now, so the call cannot be checked.", keys.RetryAfter);
        if (MarketplaceCallHeader.Open(header, trusted, out var problem) is not { } call)
            return Verdict.Invalid(problem);

        if (call.ProviderId != self)
            return Verdict.Invalid("The marketplace call is for another provider.");
        var now = time.GetUtcNow();
        var skew = options.Value.ClockSkew;
        if (now > call.ExpiresAt + skew)
            return Verdict.Invalid($"The marketplace call expired at {call.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ}.");
        if (call.IssuedAt > now + skew)
            return Verdict.Invalid("The marketplace call was issued in the future: the platform's clock and this server's disagree.");
        if (!HttpMethods.Equals(call.Method, request.Method))
            return Verdict.Invalid($"The marketplace call was signed for a {Printable(call.Method)} request, not {request.Method}.");
        if (!SamePath(call.Path, request.PathBase.Add(request.Path)))
            return Verdict.Invalid("The marketplace call was signed for another path.");
        if (ForService(call, service) is { } elsewhere)
            return elsewhere;
        if (!await replays.TryClaimAsync(call.CallId, call.ExpiresAt + skew, http.RequestAborted).ConfigureAwait(false))
            return Verdict.Invalid("The marketplace call was used before.");
        return Verdict.Admit(call);
    }

    private static Verdict? ForService(MarketplaceCall call, string? service) =>
        service is null || string.Equals(call.Service, service, StringComparison.Ordinal)
            ? null
            : Verdict.Invalid($"The marketplace call is for the service '{call.Service}', not '{service}'.");

    /// <summary>
    /// The signed path and the request's, compared decoded: the platform may sign the path as it sends it
    /// (percent-encoded) or as text, and the server decodes it (all but <c>%2F</c>, on both sides alike).
    /// </summary>
    private static bool SamePath(string signed, PathString actual) =>
        string.Equals(PathString.FromUriComponent(signed).Value, actual.Value ?? "", StringComparison.Ordinal);

    private static string Printable(string text) => text.Length <= 16 ? text : "(long)";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Admitted marketplace call {CallId} for service {Service}")]
    private static partial void LogAdmitted(ILogger logger, Guid callId, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a marketplace call to {Method} {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, string reason);

    private sealed record Verdict(MarketplaceCall? Call, int Status, string Type, string Title, string Detail, TimeSpan? RetryAfter = null)
    {
        public static readonly Verdict Required = new(null, StatusCodes.Status401Unauthorized, MarketplaceProblemTypes.CallRequired,
            "Marketplace call required", $"This endpoint is paid through the IndieGent marketplace: call it through the Gateway, which adds the {MarketplaceCallHeader.Name} header.");

        public static Verdict Admit(MarketplaceCall call) => new(call, StatusCodes.Status200OK, "", "", "");

        public static Verdict Invalid(string detail) =>
            new(null, StatusCodes.Status401Unauthorized, MarketplaceProblemTypes.InvalidCall, "Invalid marketplace call", detail);

        public static Verdict Unavailable(string detail, TimeSpan retryAfter) =>
            new(null, StatusCodes.Status503ServiceUnavailable, MarketplaceProblemTypes.Unavailable, "Marketplace call cannot be checked", detail, retryAfter);
    }
}
