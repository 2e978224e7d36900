using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IndieGent.Sdk.Marketplace;

/// <summary>
/// The IndieGent marketplace as an agent uses it (<see cref="IndieGentAgent.Marketplace"/>): find
/// services, and call them by slug with nothing but the agent's key.
/// </summary>
/// <remarks>
/// <para>
/// A <see cref="MarketplaceService.Proxied"/> service is called through the gateway
/// (<c>/v1/marketplace/{slug}/…</c>): the price is reserved under the agent's spending policy, captured
/// when the provider answers and released when it fails. Every call carries an Idempotency-Key (one is
/// generated when none is given), and a call that fails to reach the gateway is sent once more with the
/// same key, so it is never made or charged twice.
/// </para>
/// <para>
/// An <see cref="MarketplaceService.External"/> service is called directly at its base URL through the
/// agent's paying client: its 402 is paid through the platform (or the agent's own key) and the request
/// sent again. Such a call is not retried on a network failure, since its payment may already be made.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var page = await agent.Marketplace.SearchAsync(new MarketplaceQuery { Text = "flights", MaxPrice = 20_000 });
/// using var response = await agent.Marketplace.CallAsync(page.Services[0].Slug, HttpMethod.Get, "/search?from=AMS");
/// Console.WriteLine($"{response.ChargeStatus} {response.ChargedAmount}: {await response.Content.ReadAsStringAsync()}");
/// </code>
/// </example>
public sealed class MarketplaceClient
{
    /// <summary>The response header naming a proxied call.</summary>
    public const string CallIdHeader = "IndieGent-Call-Id";

    /// <summary>The response header saying what became of a proxied call's price: <c>captured</c>, <c>voided</c> or <c>pending</c>.</summary>
    public const string ChargeStatusHeader = "IndieGent-Charge-Status";

    /// <summary>The response header with a proxied call's price, in base units.</summary>
    public const string ChargeAmountHeader = "IndieGent-Charge-Amount";

    /// <summary>The response header saying why a proxied call's price was voided.</summary>
    public const string ChargeReasonHeader = "IndieGent-Charge-Reason";

    private const string IdempotencyKeyHeader = "Idempotency-Key";

    // Where an external service is (looked up once): kept briefly, so a listing that moves is followed.
    private static readonly TimeSpan ExternalLookupLifetime = TimeSpan.FromMinutes(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // The catalog writes amounts as decimal strings.
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    private readonly HttpClient _platform;
    private readonly Uri _gateway;
    private readonly string _apiKey;
    private readonly HttpClient _paying;
    private readonly ConcurrentDictionary<string, (Uri BaseUrl, DateTimeOffset Until)> _external = new(StringComparer.Ordinal);

    internal MarketplaceClient(HttpClient platform, Uri gateway, string apiKey, HttpClient paying)
    {
        _platform = platform;
        _gateway = gateway;
        _apiKey = apiKey;
        _paying = paying;
    }

    /// <summary>Searches the catalog (active services, ordered by name).</summary>
    /// <param name="query">What to look for; everything when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>One page of services.</returns>
    /// <exception cref="MarketplaceCallException">The platform refused the search (e.g. an invalid criterion).</exception>
    public async Task<MarketplacePage> SearchAsync(MarketplaceQuery? query = null, CancellationToken cancellationToken = default)
    {
        var parameters = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
                parameters.Add(name + "=" + Uri.EscapeDataString(value));
        }

        Add("q", query?.Text);
        Add("category", query?.Category);
        Add("kind", query?.Kind);
        Add("maxPrice", query?.MaxPrice?.ToString(CultureInfo.InvariantCulture));
        Add("limit", query?.Limit?.ToString(CultureInfo.InvariantCulture));
        Add("offset", query?.Offset?.ToString(CultureInfo.InvariantCulture));
        var path = "v1/marketplace/services" + (parameters.Count > 0 ? "?" + string.Join('&', parameters) : "");
        using var response = await SendToPlatformAsync(path, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw await RefusedAsync("", response, cancellationToken).ConfigureAwait(false);
        var page = (await response.Content.ReadFromJsonAsync<MarketplacePage>(Json, cancellationToken).ConfigureAwait(false))!;
        foreach (var service in page.Services)
            Remember(service);
        return page;
    }

    /// <summary>One service's listing.</summary>
    /// <param name="slug">The service's slug.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The service, or <see langword="null"/> when the marketplace lists no active service by that slug.</returns>
    /// <exception cref="MarketplaceCallException">The platform refused the lookup.</exception>
    public async Task<MarketplaceService?> GetServiceAsync(string slug, CancellationToken cancellationToken = default)
    {
        CheckSlug(slug);
        using var response = await SendToPlatformAsync("v1/marketplace/services/" + Uri.EscapeDataString(slug), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        if (!response.IsSuccessStatusCode)
            throw await RefusedAsync(slug, response, cancellationToken).ConfigureAwait(false);
        var service = (await response.Content.ReadFromJsonAsync<MarketplaceService>(Json, cancellationToken).ConfigureAwait(false))!;
        Remember(service);
        return service;
    }

    /// <summary>
    /// Calls a marketplace service: <paramref name="request"/>'s URI is the path and query relative to the
    /// service (<c>/search?q=x</c>); its method, headers and body are sent as they are. The request is
    /// not consumed (its body is read once and copied), and the caller still disposes it.
    /// </summary>
    /// <param name="slug">The service's slug.</param>
    /// <param name="request">The request, with a relative URI.</param>
    /// <param name="idempotencyKey">
    /// Names the call: the same key is the same call, charged once (another request with it is refused with
    /// <c>call-already-made</c>, or waits out an operator's approval). Generated when <see langword="null"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The provider's answer (any status it chose: a 4xx is the caller's mistake and is charged) and what it cost.</returns>
    /// <exception cref="MarketplaceCallRefundedException">The provider failed (5xx, timed out, unreachable): nothing was charged.</exception>
    /// <exception cref="MarketplaceCallException">
    /// The platform did not make the call: a spending rule refused it, the operator must approve it first
    /// (<see cref="MarketplaceCallException.IsAwaitingApproval"/>), no such service, the key's call was already made,
    /// or an external service's 402 could not be paid (then the inner exception is the <see cref="PaymentException"/>).
    /// </exception>
    /// <exception cref="HttpRequestException">The gateway (twice) or the external service could not be reached.</exception>
    public async Task<MarketplaceResponse> CallAsync(string slug, HttpRequestMessage request, string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        CheckSlug(slug);
        ArgumentNullException.ThrowIfNull(request);
        var path = PathOf(request.RequestUri);
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        using var activity = SdkTelemetry.Source.StartActivity("marketplace.call", ActivityKind.Client);
        activity?.SetTag("marketplace.service", slug);
        if (KnownExternal(slug) is { } baseUrl)
            return await CallExternalAsync(slug, baseUrl, path, request, body, idempotencyKey, activity, cancellationToken).ConfigureAwait(false);

        var key = idempotencyKey ?? "sdk-" + Guid.NewGuid().ToString("N");
        var response = await SendProxiedAsync(slug, path, request, body, key, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict && await ProblemAsync(response, cancellationToken).ConfigureAwait(false) is
            { Type: { } type } && type.EndsWith("/external-service", StringComparison.Ordinal))
        {
            // Listed from its OpenAPI document: called at its own address, its 402 paid like any other.
            response.Dispose();
            var service = await GetServiceAsync(slug, cancellationToken).ConfigureAwait(false);
            if (service is not { IsExternal: true, BaseUrl: { } external })
                throw new MarketplaceCallException(slug, "service-not-found", $"The marketplace lists no active service '{slug}'.", HttpStatusCode.NotFound);
            return await CallExternalAsync(slug, new Uri(external), path, request, body, idempotencyKey, activity, cancellationToken).ConfigureAwait(false);
        }

        return await ReadProxiedAsync(slug, response, activity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calls a marketplace service (see <see cref="CallAsync(string, HttpRequestMessage, string?, CancellationToken)"/>).</summary>
    /// <param name="slug">The service's slug.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path and query relative to the service, e.g. <c>/search?q=x</c>.</param>
    /// <param name="content">The body, if any (disposed with the request).</param>
    /// <param name="idempotencyKey">Names the call; generated when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The provider's answer and what it cost.</returns>
    /// <exception cref="MarketplaceCallRefundedException">The provider failed: nothing was charged.</exception>
    /// <exception cref="MarketplaceCallException">The platform did not make the call.</exception>
    public async Task<MarketplaceResponse> CallAsync(string slug, HttpMethod method, string path, HttpContent? content = null, string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        if (!Uri.TryCreate(path, UriKind.Relative, out var relative))
            throw new ArgumentException($"'{path}' is not a path relative to the service (e.g. /search?q=x).", nameof(path));
        using var request = new HttpRequestMessage(method, relative) { Content = content };
        return await CallAsync(slug, request, idempotencyKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs <paramref name="path"/> from a marketplace service and reads the JSON answer (a non-2xx answer throws; it was charged).</summary>
    /// <typeparam name="T">The answer's type.</typeparam>
    /// <param name="slug">The service's slug.</param>
    /// <param name="path">The path and query relative to the service.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer, read with the web defaults of System.Text.Json.</returns>
    public async Task<T?> GetFromJsonAsync<T>(string slug, string path, CancellationToken cancellationToken = default)
    {
        using var response = await CallAsync(slug, HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendProxiedAsync(string slug, string path, HttpRequestMessage original, byte[]? body, string key,
        CancellationToken cancellationToken)
    {
        var url = new Uri(_gateway, "v1/marketplace/" + Uri.EscapeDataString(slug) + path);
        for (var attempt = 1; ; attempt++)
        {
            var request = Copy(original, url, body);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
            request.Headers.Remove(IdempotencyKeyHeader);
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, key);
            try
            {
                return await _platform.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt == 1 && !cancellationToken.IsCancellationRequested)
            {
                // Sent again with the same key: a first attempt that got through is not made, nor charged, again.
                request.Dispose();
            }
        }
    }

    private static async Task<MarketplaceResponse> ReadProxiedAsync(string slug, HttpResponseMessage response, Activity? activity,
        CancellationToken cancellationToken)
    {
        var callId = Guid.TryParse(Header(response, CallIdHeader), out var id) ? id : (Guid?)null;
        var amount = long.TryParse(Header(response, ChargeAmountHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : (long?)null;
        var charge = Header(response, ChargeStatusHeader);
        activity?.SetTag("marketplace.kind", MarketplaceService.Proxied);
        activity?.SetTag("marketplace.call_id", callId?.ToString());
        activity?.SetTag("marketplace.charge_status", charge);
        activity?.SetTag("http.response.status_code", (int)response.StatusCode);
        switch (charge)
        {
            case "captured":
                return new MarketplaceResponse(slug, response, callId, MarketplaceChargeStatus.Captured, amount, null);
            case "pending":
                return new MarketplaceResponse(slug, response, callId, MarketplaceChargeStatus.Pending, amount, null);
            case "voided":
            {
                var problem = await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
                // The gateway's own problem when the provider never answered; otherwise the body is the provider's.
                var noAnswer = problem?.Type is { } type &&
                               (type.EndsWith("/upstream-timeout", StringComparison.Ordinal) || type.EndsWith("/upstream-unreachable", StringComparison.Ordinal));
                var reason = Header(response, ChargeReasonHeader) ?? problem?.Reason ?? "UpstreamFailed";
                var voided = new MarketplaceResponse(slug, response, callId, MarketplaceChargeStatus.Voided, null, null);
                activity?.SetStatus(ActivityStatusCode.Error, reason);
                throw noAnswer
                    ? new MarketplaceCallRefundedException(voided, reason, null,
                        $"'{slug}' did not answer ({problem!.Title}): {problem.Detail}", problem.Type, problem.Title, problem.Detail)
                    : new MarketplaceCallRefundedException(voided, reason, (int)response.StatusCode,
                        $"'{slug}' failed with {(int)response.StatusCode}; the call was not charged ({reason}).");
            }

            default:
                if (response.IsSuccessStatusCode && await ProblemAsync(response, cancellationToken).ConfigureAwait(false) is null)
                    return new MarketplaceResponse(slug, response, callId, MarketplaceChargeStatus.NotCharged, null, null);
                // Not made: refused, waiting for the operator, made before, or never reached the marketplace.
                using (response)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, "refused");
                    throw await RefusedAsync(slug, response, cancellationToken).ConfigureAwait(false);
                }
        }
    }

    private async Task<MarketplaceResponse> CallExternalAsync(string slug, Uri baseUrl, string path, HttpRequestMessage original, byte[]? body,
        string? idempotencyKey, Activity? activity, CancellationToken cancellationToken)
    {
        activity?.SetTag("marketplace.kind", MarketplaceService.External);
        var request = Copy(original, new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + path), body);
        if (idempotencyKey is not null)
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, idempotencyKey);
        HttpResponseMessage response;
        try
        {
            response = await _paying.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (PaymentException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Reason);
            throw new MarketplaceCallException(slug, e.Reason, $"'{slug}' asked for a payment that was not made: {e.Message}", HttpStatusCode.PaymentRequired,
                e.ProblemType, callId: e.PaymentId, innerException: e);
        }

        var payment = response.GetPayment();
        var amount = (payment?.Proof.Amount ?? payment?.Proof.Offer?.Amount) is { } paid && paid <= long.MaxValue ? (long)paid : (long?)null;
        activity?.SetTag("marketplace.call_id", payment?.Proof.PaymentId?.ToString());
        activity?.SetTag("http.response.status_code", (int)response.StatusCode);
        return new MarketplaceResponse(slug, response, payment?.Proof.PaymentId,
            payment is null ? MarketplaceChargeStatus.NotCharged : MarketplaceChargeStatus.Paid, amount, payment);
    }

    private async Task<HttpResponseMessage> SendToPlatformAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_gateway, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        return await _platform.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private void Remember(MarketplaceService service)
    {
        if (service is { IsExternal: true, BaseUrl: { } baseUrl } && Uri.TryCreate(baseUrl, UriKind.Absolute, out var url))
            _external[service.Slug] = (url, DateTimeOffset.UtcNow + ExternalLookupLifetime);
        else
            _external.TryRemove(service.Slug, out _);
    }

    private Uri? KnownExternal(string slug)
    {
        if (!_external.TryGetValue(slug, out var known))
            return null;
        if (known.Until > DateTimeOffset.UtcNow)
            return known.BaseUrl;
        _external.TryRemove(slug, out _);
        return null;
    }

    // A fresh message per attempt (a sent message cannot be sent again), with the caller's headers, body and options.
    private static HttpRequestMessage Copy(HttpRequestMessage original, Uri url, byte[]? body)
    {
        var copy = new HttpRequestMessage(original.Method, url) { Version = original.Version, VersionPolicy = original.VersionPolicy };
        foreach (var (name, values) in original.Headers)
            copy.Headers.TryAddWithoutValidation(name, values);
        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var (name, values) in original.Content!.Headers)
            {
                if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    copy.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        IDictionary<string, object?> options = copy.Options;
        foreach (var (name, value) in original.Options)
            options[name] = value;
        return copy;
    }

    // "/search?q=x" (on Unix, new HttpRequestMessage(method, "/search") makes that a file: URI; it is meant as a path).
    private static string PathOf(Uri? uri)
    {
        var path = uri switch
        {
            null => "/",
            { IsAbsoluteUri: false } => uri.OriginalString,
            { IsFile: true } when uri.OriginalString.StartsWith('/') => uri.OriginalString,
            _ => throw new ArgumentException(
                $"The request's URI is the path relative to the service (e.g. /search?q=x), not an absolute URL ('{uri.GetLeftPart(UriPartial.Path)}').",
                nameof(uri)),
        };
        return path.StartsWith('/') ? path : "/" + path;
    }

    private static void CheckSlug(string slug)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(slug);
        if (slug.Contains('/') || slug.Contains('?') || slug.Contains('#'))
            throw new ArgumentException($"'{slug}' is not a service's slug.", nameof(slug));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<MarketplaceCallException> RefusedAsync(string slug, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var problem = await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var reason = problem?.Reason ?? problem?.Type?.Split('/')[^1] ?? $"Http{status}";
        var what = slug.Length > 0 ? $"the call to '{slug}'" : "the request";
        return new MarketplaceCallException(slug, reason,
            $"The marketplace did not make {what} ({status} {problem?.Title ?? response.ReasonPhrase}){(problem?.Detail is { } detail ? ": " + detail : ".")}",
            response.StatusCode, problem?.Type, problem?.Title, problem?.Detail, problem?.CallId ?? problem?.PaymentId);
    }

    // The body is buffered first, so the response stays readable for whoever gets it.
    private static async Task<Problem?> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return null;
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<Problem>(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Problem(string? Type, string? Title, string? Detail, string? Reason, Guid? CallId, Guid? PaymentId);
}
