using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using IndieGent.Funding.Onramp;
using Microsoft.Extensions.Options;

namespace IndieGent.Funding.Api.Onramp;

/// <summary>
/// Coinbase Onramp over HTTP, in its own wire format: sessions (CDP v2) and the transaction status
/// API (v1), each request with a fresh CDP JWT for its request line. The same code talks to
/// Coinbase and to the simulator; only the base URLs differ.
/// </summary>
public sealed class CoinbaseOnrampClient : IDisposable
{
    public const string ClientName = "coinbase-onramp";

    private readonly IHttpClientFactory _clients;
    private readonly OnrampOptions _options;
    private readonly TimeProvider _time;
    private readonly ECDsa? _key;

    public CoinbaseOnrampClient(IHttpClientFactory clients, IOptions<OnrampOptions> options, TimeProvider time)
    {
        _clients = clients;
        _options = options.Value;
        _time = time;
        _key = _options.Enabled ? CdpJwt.ImportSecret(_options.KeySecret, "Onramp:KeySecret") : null;
    }

    /// <summary>
    /// A one-click checkout with a quote: Coinbase quotes only when the amount, the payment currency,
    /// the payment method and the country (and, in the US, the subdivision) are all given.
    /// </summary>
    public sealed record SessionRequest(
        string DestinationAddress, string DestinationNetwork, string PurchaseCurrency, string PaymentAmount, string PaymentCurrency,
        string PaymentMethod, string Country, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Subdivision,
        string PartnerUserRef, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RedirectUrl);

    /// <summary>The session's checkout URL and Coinbase's quote (raw JSON), or Coinbase's error.</summary>
    public sealed record SessionResult(string? OnrampUrl, string? Quote, int Status, string? ErrorType, string? ErrorMessage);

    public async Task<SessionResult> CreateSessionAsync(SessionRequest request, CancellationToken ct)
    {
        var url = new Uri(new Uri(_options.ApiBaseUrl.TrimEnd('/') + "/"), "platform/v2/onramp/sessions");
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(request, options: Json) };
        Authorize(message);
        using var response = await _clients.CreateClient(ClientName).SendAsync(message, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            var error = TryRead<CoinbaseError>(body);
            return new SessionResult(null, null, (int)response.StatusCode, error?.ErrorType, error?.ErrorMessage);
        }

        using var document = JsonDocument.Parse(body);
        var onrampUrl = document.RootElement.TryGetProperty("session", out var session) && session.TryGetProperty("onrampUrl", out var u)
            ? u.GetString()
            : null;
        var quote = document.RootElement.TryGetProperty("quote", out var q) ? q.GetRawText() : null;
        return string.IsNullOrEmpty(onrampUrl)
            ? new SessionResult(null, null, (int)response.StatusCode, "invalid_response", "Coinbase answered without a session URL.")
            : new SessionResult(onrampUrl, quote, (int)response.StatusCode, null, null);
    }

    /// <summary>Coinbase's transactions for one partner reference (newest first, as it lists them).</summary>
    public async Task<IReadOnlyList<CoinbaseReport>> TransactionsAsync(string partnerUserRef, CancellationToken ct)
    {
        var url = new Uri(new Uri(_options.StatusApiBaseUrl.TrimEnd('/') + "/"), $"onramp/v1/buy/user/{Uri.EscapeDataString(partnerUserRef)}/transactions?pageSize=25");
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        Authorize(message);
        using var response = await _clients.CreateClient(ClientName).SendAsync(message, ct);
        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<TransactionPage>(Json, ct);
        return (page?.Transactions ?? []).Select(t => new CoinbaseReport(t.TransactionId, t.Status, t.TxHash, t.PurchaseAmount?.Value, t.FailureReason))
            .ToList();
    }

    public void Dispose() => _key?.Dispose();

    private void Authorize(HttpRequestMessage message)
    {
        if (_key is null)
            throw new InvalidOperationException("The card on-ramp is not configured (Onramp:KeyId and Onramp:KeySecret).");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            CdpJwt.Create(_options.KeyId!, _key, message.Method.Method, message.RequestUri!, _time.GetUtcNow()));
    }

    private static T? TryRead<T>(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Json);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record CoinbaseError(string? ErrorType, string? ErrorMessage);

    private sealed record Money(string? Value, string? Currency);

    // The v1 status API writes snake_case.
    private sealed record TransactionPage([property: JsonPropertyName("transactions")] List<Transaction>? Transactions);

    private sealed record Transaction(
        [property: JsonPropertyName("transaction_id")] string? TransactionId,
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("tx_hash")] string? TxHash,
        [property: JsonPropertyName("purchase_amount")] Money? PurchaseAmount,
        [property: JsonPropertyName("failure_reason")] string? FailureReason);
}
