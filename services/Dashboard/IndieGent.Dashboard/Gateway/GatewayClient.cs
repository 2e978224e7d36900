using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IndieGent.Dashboard.Gateway;

/// <summary>
/// The public Gateway API with the signed-in operator's key: the dashboard has no other way into the
/// platform, so what it does an operator's own code can do too.
/// </summary>
public sealed class GatewayClient(HttpClient http)
{
    /// <summary>The named client for the payment event stream (no timeout).</summary>
    public const string StreamClient = "gateway-stream";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>What a key is, asked of the Gateway: an operator's, another kind, or none it knows.</summary>
    public async Task<KeyCheck> CheckOperatorKeyAsync(string apiKey, CancellationToken ct)
    {
        using var request = Request(apiKey, HttpMethod.Get, "/v1/agents");
        using var response = await http.SendAsync(request, ct);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => KeyCheck.Operator,
            HttpStatusCode.Unauthorized => KeyCheck.Unknown,
            HttpStatusCode.Forbidden => KeyCheck.NotAnOperator,
            _ => throw await GatewayProblem.ReadAsync(response, ct),
        };
    }

    public Task<IReadOnlyList<Agent>> AgentsAsync(string apiKey, CancellationToken ct) =>
        GetAsync<IReadOnlyList<Agent>>(apiKey, "/v1/agents", ct);

    public Task<Agent> AgentAsync(string apiKey, Guid agentId, CancellationToken ct) => GetAsync<Agent>(apiKey, $"/v1/agents/{agentId}", ct);

    public Task<AgentCreated> CreateAgentAsync(string apiKey, string name, CancellationToken ct) =>
        SendAsync<AgentCreated>(apiKey, HttpMethod.Post, "/v1/agents", new { name }, ct);

    public Task<Agent> DisableAgentAsync(string apiKey, Guid agentId, CancellationToken ct) =>
        SendAsync<Agent>(apiKey, HttpMethod.Post, $"/v1/agents/{agentId}/disable", null, ct);

    public Task<IReadOnlyList<ApiKeyView>> KeysAsync(string apiKey, Guid agentId, CancellationToken ct) =>
        GetAsync<IReadOnlyList<ApiKeyView>>(apiKey, $"/v1/agents/{agentId}/keys", ct);

    public Task<KeyCreated> CreateKeyAsync(string apiKey, Guid agentId, CancellationToken ct) =>
        SendAsync<KeyCreated>(apiKey, HttpMethod.Post, $"/v1/agents/{agentId}/keys", null, ct);

    public async Task RevokeKeyAsync(string apiKey, string keyId, CancellationToken ct)
    {
        using var request = Request(apiKey, HttpMethod.Delete, $"/v1/keys/{Uri.EscapeDataString(keyId)}");
        using var response = await SendCheckedAsync(http, request, HttpCompletionOption.ResponseContentRead, ct);
    }

    public Task<Balance> BalanceAsync(string apiKey, Guid agentId, CancellationToken ct) =>
        GetAsync<Balance>(apiKey, $"/v1/accounts/{agentId}/balance", ct);

    public Task<Spend> SpendAsync(string apiKey, Guid agentId, CancellationToken ct) => GetAsync<Spend>(apiKey, $"/v1/accounts/{agentId}/spend", ct);

    public Task<PolicyView> PolicyAsync(string apiKey, Guid agentId, CancellationToken ct) =>
        GetAsync<PolicyView>(apiKey, $"/v1/agents/{agentId}/policy", ct);

    /// <summary>Replaces the policy the operator saw at <paramref name="version"/> (If-Match): a 412 problem when it changed since.</summary>
    public async Task<PolicyView> PutPolicyAsync(string apiKey, Guid agentId, int version, Policy policy, CancellationToken ct)
    {
        using var request = Request(apiKey, HttpMethod.Put, $"/v1/agents/{agentId}/policy", policy);
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}\""));
        using var response = await SendCheckedAsync(http, request, HttpCompletionOption.ResponseContentRead, ct);
        return (await response.Content.ReadFromJsonAsync<PolicyView>(Json, ct))!;
    }

    /// <summary>The operator's payments, newest first (filters optional; <paramref name="before"/> is the previous page's cursor).</summary>
    public Task<PaymentPage> PaymentsAsync(string apiKey, Guid? agentId, string? status, string? merchant, DateTimeOffset? before, int limit,
        CancellationToken ct)
    {
        var query = new List<string> { $"limit={limit}" };
        if (agentId is { } agent)
            query.Add($"agentId={agent}");
        if (status is { Length: > 0 })
            query.Add($"status={Uri.EscapeDataString(status)}");
        if (!string.IsNullOrWhiteSpace(merchant))
            query.Add($"merchant={Uri.EscapeDataString(merchant.Trim())}");
        if (before is { } cursor)
            query.Add($"before={Uri.EscapeDataString(cursor.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}");
        return GetAsync<PaymentPage>(apiKey, "/v1/payments?" + string.Join('&', query), ct);
    }

    public Task<Payment> PaymentAsync(string apiKey, Guid paymentId, CancellationToken ct) => GetAsync<Payment>(apiKey, $"/v1/payments/{paymentId}", ct);

    /// <summary>The agent's account events recorded from <paramref name="from"/> on.</summary>
    public Task<IReadOnlyList<AuditEntry>> AuditAsync(string apiKey, Guid agentId, DateTimeOffset from, CancellationToken ct) =>
        GetAsync<IReadOnlyList<AuditEntry>>(apiKey,
            $"/v1/accounts/{agentId}/audit?from={Uri.EscapeDataString(from.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}", ct);

    /// <summary>The audit export as the Gateway streams it (CSV or JSON), for the caller to pass on; the caller disposes it.</summary>
    public async Task<HttpResponseMessage> AuditExportAsync(string apiKey, Guid? agentId, DateTimeOffset? from, DateTimeOffset? to, string format,
        CancellationToken ct)
    {
        var query = new List<string> { $"format={Uri.EscapeDataString(format)}" };
        if (agentId is { } agent)
            query.Add($"agentId={agent}");
        if (from is { } start)
            query.Add($"from={Uri.EscapeDataString(start.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}");
        if (to is { } end)
            query.Add($"to={Uri.EscapeDataString(end.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}");
        using var request = Request(apiKey, HttpMethod.Get, "/v1/audit?" + string.Join('&', query));
        return await SendCheckedAsync(http, request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    public Task<SpendReport> SpendReportAsync(string apiKey, int days, CancellationToken ct) =>
        GetAsync<SpendReport>(apiKey, $"/v1/reports/spend?days={days}", ct);

    public Task<PaymentMix> PaymentMixAsync(string apiKey, int days, CancellationToken ct) =>
        GetAsync<PaymentMix>(apiKey, $"/v1/reports/payments?days={days}", ct);

    public Task<Treasury> TreasuryAsync(string apiKey, CancellationToken ct) => GetAsync<Treasury>(apiKey, "/v1/treasury", ct);

    /// <summary>Deposit instructions (address, QR, deposits, card orders) of an agent's wallet, or of the treasury when <paramref name="agentId"/> is null.</summary>
    public Task<Funding> FundingAsync(string apiKey, Guid? agentId, CancellationToken ct) =>
        GetAsync<Funding>(apiKey, agentId is { } agent ? $"/v1/agents/{agent}/funding" : "/v1/treasury/funding", ct);

    /// <summary>Opens a Coinbase Onramp checkout paying <paramref name="amount"/> USD into the agent's wallet (or the treasury's).</summary>
    public async Task<OnrampOrder> CreateOnrampOrderAsync(string apiKey, Guid? agentId, string amount, string redirectUrl, Guid submission,
        CancellationToken ct)
    {
        var path = agentId is { } agent ? $"/v1/agents/{agent}/funding/onramp" : "/v1/treasury/funding/onramp";
        using var request = Request(apiKey, HttpMethod.Post, path, new { amount, currency = "USD", redirectUrl });
        request.Headers.Add("Idempotency-Key", $"dashboard-{submission}");
        using var response = await SendCheckedAsync(http, request, HttpCompletionOption.ResponseContentRead, ct);
        return (await response.Content.ReadFromJsonAsync<OnrampOrder>(Json, ct))!;
    }

    public Task<IReadOnlyList<Transfer>> TransfersAsync(string apiKey, Guid agentId, CancellationToken ct) =>
        GetAsync<IReadOnlyList<Transfer>>(apiKey, $"/v1/agents/{agentId}/funding/transfers", ct);

    /// <summary>Moves <paramref name="amount"/> base units between the treasury and the agent; the form's one-time id is the idempotency key.</summary>
    public async Task<Transfer> TransferAsync(string apiKey, Guid agentId, string direction, long amount, Guid submission, CancellationToken ct)
    {
        using var request = Request(apiKey, HttpMethod.Post, $"/v1/agents/{agentId}/funding/transfers",
            new { direction, amount = amount.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        request.Headers.Add("Idempotency-Key", $"dashboard-{submission}");
        using var response = await SendCheckedAsync(http, request, HttpCompletionOption.ResponseContentRead, ct);
        return (await response.Content.ReadFromJsonAsync<Transfer>(Json, ct))!;
    }

    public Task<ServiceSearch> SearchServicesAsync(string apiKey, string? text, string? category, int offset, int limit, CancellationToken ct)
    {
        var query = new List<string> { $"limit={limit}", $"offset={offset}" };
        if (!string.IsNullOrWhiteSpace(text))
            query.Add($"q={Uri.EscapeDataString(text.Trim())}");
        if (!string.IsNullOrWhiteSpace(category))
            query.Add($"category={Uri.EscapeDataString(category.Trim())}");
        return GetAsync<ServiceSearch>(apiKey, "/v1/marketplace/services?" + string.Join('&', query), ct);
    }

    public Task<MarketplaceService> ServiceAsync(string apiKey, string slug, CancellationToken ct) =>
        GetAsync<MarketplaceService>(apiKey, $"/v1/marketplace/services/{Uri.EscapeDataString(slug)}", ct);

    public Task RateServiceAsync(string apiKey, string slug, int stars, string? comment, CancellationToken ct) =>
        SendAsync<JsonElement>(apiKey, HttpMethod.Post, $"/v1/marketplace/services/{Uri.EscapeDataString(slug)}/ratings", new { stars, comment }, ct);

    public Task<IReadOnlyList<Payment>> ApprovalsAsync(string apiKey, CancellationToken ct) =>
        GetAsync<IReadOnlyList<Payment>>(apiKey, "/v1/approvals", ct);

    public Task DecideAsync(string apiKey, Guid paymentId, bool approve, CancellationToken ct) =>
        SendAsync<object>(apiKey, HttpMethod.Post, $"/v1/payments/{paymentId}/{(approve ? "approve" : "deny")}", null, ct);

    /// <summary>Every agent with its balance and spend, asked for side by side.</summary>
    public async Task<IReadOnlyList<AgentSummary>> SummariesAsync(string apiKey, CancellationToken ct)
    {
        var agents = await AgentsAsync(apiKey, ct);
        return await Task.WhenAll(agents.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).Select(async agent =>
        {
            var balance = BalanceAsync(apiKey, agent.Id, ct);
            var spend = SpendAsync(apiKey, agent.Id, ct);
            // An account the Ledger has not opened yet (the agent was created a moment ago) has no money to show.
            return new AgentSummary(agent, await OrNullWhenMissing(balance), await OrNullWhenMissing(spend));
        }));
    }

    /// <summary>The answer, or null when the Gateway says there is no such thing (404).</summary>
    public static async Task<T?> OrNullWhenMissing<T>(Task<T> read) where T : class
    {
        try
        {
            return await read;
        }
        catch (GatewayProblem problem) when (problem.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
    }

    private Task<T> GetAsync<T>(string apiKey, string path, CancellationToken ct) => SendAsync<T>(apiKey, HttpMethod.Get, path, null, ct);

    private async Task<T> SendAsync<T>(string apiKey, HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = Request(apiKey, method, path, body);
        using var response = await SendCheckedAsync(http, request, HttpCompletionOption.ResponseContentRead, ct);
        return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }

    /// <summary>A request to the Gateway as the operator whose key it carries.</summary>
    internal static HttpRequestMessage Request(string apiKey, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        if (body is not null)
            request.Content = JsonContent.Create(body, options: Json);
        return request;
    }

    /// <summary>The response when it is a success; the Gateway's problem, thrown, when it is not.</summary>
    internal static async Task<HttpResponseMessage> SendCheckedAsync(HttpClient http, HttpRequestMessage request, HttpCompletionOption completion,
        CancellationToken ct)
    {
        var response = await http.SendAsync(request, completion, ct);
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw await GatewayProblem.ReadAsync(response, ct);
    }
}

public enum KeyCheck
{
    Operator,
    NotAnOperator,
    Unknown,
}
