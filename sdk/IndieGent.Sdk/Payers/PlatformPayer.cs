using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.Offers;
using IndieGent.Payments.Protocol.X402;

namespace IndieGent.Sdk.Payers;

/// <summary>
/// Pays from the agent's IndieGent wallet: hands the 402 to <c>POST /v1/payments</c> with the agent's API
/// key, so the platform applies the wallet's spending controls, signs and records the payment.
/// </summary>
/// <remarks>
/// The Idempotency-Key is derived from the challenge, so a retried call for the same challenge is the
/// same payment. A payment still pending when the platform's wait ends is polled until
/// <see cref="PlatformPayerOptions.DecisionTimeout"/>.
/// </remarks>
public sealed class PlatformPayer : IPaymentPayer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly HttpClient _http;
    private readonly PlatformPayerOptions _options;

    /// <summary>Creates the payer.</summary>
    /// <param name="http">A client for the Gateway (its own handler chain: no payment handler on it).</param>
    /// <param name="options">The Gateway and the agent's key.</param>
    public PlatformPayer(HttpClient http, PlatformPayerOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Gateway is not { IsAbsoluteUri: true })
            throw new ArgumentException("PlatformPayerOptions.Gateway must be the absolute URL of the IndieGent gateway.", nameof(options));
        // The API key spends the agent's money: it never crosses a network in the clear.
        if (options.Gateway.Scheme != Uri.UriSchemeHttps && !(options.Gateway.Scheme == Uri.UriSchemeHttp && options.Gateway.IsLoopback))
            throw new ArgumentException(
                $"PlatformPayerOptions.Gateway must be an https URL (plain http only to this machine, for local development); '{options.Gateway.Scheme}://{options.Gateway.Host}' would send the API key unencrypted.",
                nameof(options));
        if (string.IsNullOrWhiteSpace(options.ApiKey))
            throw new ArgumentException("PlatformPayerOptions.ApiKey must be the agent's API key.", nameof(options));
        _http = http;
        _options = options;
    }

    /// <inheritdoc />
    public async Task<PaymentProof> PayAsync(PaymentRequired required, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(required);
        var body = new PayRequest(required.RequestUri.ToString(), required.WwwAuthenticate, required.PaymentRequiredHeader,
            required.Preferences?.ToString(), required.MaxAmount?.ToString(CultureInfo.InvariantCulture));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.Gateway, "v1/payments"))
        {
            Content = JsonContent.Create(body, options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", IdempotencyKey(required));
        request.Headers.TryAddWithoutValidation("Prefer", "wait=" + ((int)_options.Wait.TotalSeconds).ToString(CultureInfo.InvariantCulture));

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var result = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        var deadline = DateTimeOffset.UtcNow + _options.DecisionTimeout;
        while (result.Authorization is null)
        {
            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new PaymentException(PaymentFailureReasons.Pending,
                    $"IndieGent had not decided payment {result.PaymentId} within {_options.DecisionTimeout}; it may still be approved (for example by the operator).",
                    paymentId: result.PaymentId);
            }

            await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            using var poll = new HttpRequestMessage(HttpMethod.Get, new Uri(_options.Gateway, $"v1/payments/{result.PaymentId}"));
            poll.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
            using var polled = await _http.SendAsync(poll, cancellationToken).ConfigureAwait(false);
            result = await ReadStatusAsync(polled, result, cancellationToken).ConfigureAwait(false);
        }

        // MPP and the older dialect answer in Authorization, x402 (v2) in PAYMENT-SIGNATURE: the platform names the header.
        var protocol = result.Protocol switch
        {
            "mpp-dialect" => PaymentProtocol.IndieGentLegacy,
            "x402" => PaymentProtocol.X402V2,
            _ => PaymentProtocol.Mpp,
        };
        var header = result.Header ?? (protocol == PaymentProtocol.X402V2 ? X402HeaderNames.PaymentSignature : PaymentHeaderNames.Authorization);
        return new PaymentProof(protocol, result.CredentialType ?? "authorization", [new(header, result.Authorization)],
            PaymentId: result.PaymentId, TransactionHash: result.TxHash,
            Amount: BigInteger.TryParse(result.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) ? amount : null);
    }

    // One challenge, one payment: the same 402 paid again (a retried call) is the same platform payment.
    /// <summary>How to fund the agent's wallet and its deposits so far (<c>GET /v1/wallet/funding</c>).</summary>
    /// <exception cref="PaymentException">The platform refused (the key, the agent) or did not answer.</exception>
    public async Task<WalletFunding> GetFundingAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_options.Gateway, "v1/wallet/funding"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<WalletFunding>(Json, cancellationToken).ConfigureAwait(false))!;
    }

    private static string IdempotencyKey(PaymentRequired required)
    {
        var material = string.Join('\n', [required.Method.Method, required.RequestUri.ToString(), .. required.WwwAuthenticate, required.PaymentRequiredHeader ?? ""]);
        return "sdk-" + Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    private static async Task<PayResult> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted)
        {
            return await response.Content.ReadFromJsonAsync<PayResult>(Json, cancellationToken).ConfigureAwait(false)
                ?? throw new PaymentException(PaymentFailureReasons.SettlementFailed, "The platform answered with an empty body.");
        }

        throw await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<PayResult> ReadStatusAsync(HttpResponseMessage response, PayResult pending, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
            throw await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
        var view = await response.Content.ReadFromJsonAsync<PaymentView>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new PaymentException(PaymentFailureReasons.SettlementFailed, "The platform answered with an empty body.");
        return view.Status switch
        {
            PlatformStatus.Denied or PlatformStatus.Failed or PlatformStatus.Expired => throw new PaymentException(view.Reason ?? view.Status.ToString(),
                $"IndieGent did not pay ({view.Status}: {view.Reason}): {view.Detail}", paymentId: pending.PaymentId),
            _ => pending with { Authorization = view.Credential, TxHash = view.TxHash },
        };
    }

    private static async Task<PaymentException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        Problem? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            // Not a problem document: described by the status below.
        }

        var reason = problem?.Reason ?? problem?.Type?.Split('/')[^1] ?? $"Http{(int)response.StatusCode}";
        return new PaymentException(reason,
            $"IndieGent did not pay ({(int)response.StatusCode} {problem?.Title ?? response.ReasonPhrase}): {problem?.Detail}",
            problem?.Type, problem?.PaymentId);
    }

    // The platform's payment statuses, as its API names them.
    private enum PlatformStatus
    {
        AwaitingApproval,
        Settling,
        Authorized,
        Broadcast,
        Settled,
        Denied,
        Failed,
        Expired,
    }

    private sealed record PayRequest(string Url, IReadOnlyList<string> WwwAuthenticate, string? PaymentRequired, string? AcceptPayment, string? MaxAmount);

    private sealed record PayResult(Guid PaymentId, PlatformStatus Status, string? Authorization, string? TxHash, string? Protocol, string? CredentialType,
        string? Amount, string? Header);

    private sealed record PaymentView(PlatformStatus Status, string? Credential, string? TxHash, string? Reason, string? Detail);

    private sealed record Problem(string? Type, string? Title, string? Detail, string? Reason, Guid? PaymentId);
}

/// <summary>Where the platform is and who the agent is.</summary>
public sealed class PlatformPayerOptions
{
    /// <summary>The gateway's base URL, for example <c>https://api.indiegent.cloud/</c>.</summary>
    public Uri Gateway { get; set; } = null!;

    /// <summary>The agent's API key (<c>igk_…</c>).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>How long the gateway holds each request waiting for the decision (<c>Prefer: wait</c>; at most 60 s).</summary>
    public TimeSpan Wait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a pending payment (for example one waiting for the operator's approval) is polled in all.</summary>
    public TimeSpan DecisionTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Pause between polls of a pending payment.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
