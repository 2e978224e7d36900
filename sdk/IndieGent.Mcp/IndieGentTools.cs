using System.ComponentModel;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndieGent.Sdk;
using IndieGent.Sdk.Marketplace;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace IndieGent.Mcp;

/// <summary>
/// IndieGent as tools an LLM calls: fetch a URL and pay its 402 from the agent's wallet within a maximum,
/// read the balance and the payments, search and call the marketplace. Every tool acts as one agent
/// (<see cref="IIndieGentCaller"/>) through the Gateway's public API, under its spending controls.
/// Answers are JSON; amounts are given both in base units (strings) and in USDC.
/// </summary>
[McpServerToolType]
public sealed class IndieGentTools(IIndieGentCaller caller, IndieGentHandlers handlers)
{
    /// <summary>The most of a response body returned to the model.</summary>
    public const int MaxBodyCharacters = 64 * 1024;

    private const decimal Unit = 1_000_000m;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    [McpServerTool(Name = "fetch_paid", Title = "Fetch a URL, paying if it asks", OpenWorld = true, Destructive = false)]
    [Description("""
        Requests a URL over HTTP(S). If the server answers 402 Payment Required (MPP or the older IndieGent dialect), IndieGent pays it
        from your wallet, within max_usdc and your operator's spending controls, and requests it again; you get the paid answer.
        Returns JSON: status, content_type, body (text, cut at 64 KB), and payment (payment_id, amount in base units and USDC,
        tx_hash, receipt) when one was made. A refused payment is an error with the platform's reason (e.g. ExceedsDailyBudget,
        InsufficientFunds, AwaitingApproval timed out). Use it for paid APIs; ask the user before spending on anything unexpected.
        """)]
    public async Task<CallToolResult> FetchPaid(
        [Description("The absolute http(s) URL to request.")] string url,
        [Description("The most this call may pay, in USDC (e.g. 0.25). The call fails instead of paying more.")] decimal max_usdc,
        [Description("HTTP method: GET (default), POST, PUT, PATCH or DELETE.")] string method = "GET",
        [Description("The request body (text), for POST/PUT/PATCH.")] string? body = null,
        [Description("The body's content type (default application/json when a body is given).")] string? content_type = null,
        CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
            return Error("invalid_url", $"'{url}' is not an absolute http(s) URL.");
        if (max_usdc <= 0 || decimal.Round(max_usdc, 6) != max_usdc)
            return Error("invalid_max", "max_usdc is a positive amount of USDC with at most 6 decimals, e.g. 0.25.");
        if (Verb(method) is not { } verb)
            return Error("invalid_method", $"'{method}' is not one of GET, POST, PUT, PATCH, DELETE.");
        if (KeyOrError() is { } missing)
            return missing;

        using var agent = Agent();
        try
        {
            using var response = await agent.FetchAsync(target, new FetchOptions
            {
                Method = verb,
                Body = Content(body, content_type),
                MaxAmount = new System.Numerics.BigInteger(max_usdc * Unit),
            }, cancellationToken).ConfigureAwait(false);
            var answer = new JsonObject
            {
                ["status"] = (int)response.StatusCode,
                ["content_type"] = response.Content.Headers.ContentType?.ToString(),
                ["body"] = await BodyAsync(response.Content, cancellationToken).ConfigureAwait(false),
            };
            if (response.GetPayment() is { } paid)
            {
                answer["payment"] = new JsonObject
                {
                    ["payment_id"] = paid.Proof.PaymentId?.ToString(),
                    ["amount"] = Amount(paid.Proof.Amount is { } a ? (long)a : null),
                    ["protocol"] = paid.Proof.Protocol.ToString(),
                    ["credential_type"] = paid.Proof.CredentialType,
                    ["tx_hash"] = paid.Reference,
                    ["receipt"] = paid.Receipt is { } receipt ? JsonSerializer.SerializeToNode(receipt, Json) : null,
                };
            }

            return Ok(answer);
        }
        catch (PaymentException refused)
        {
            return Error(refused.Reason, refused.Message, refused.PaymentId);
        }
        catch (HttpRequestException unreachable)
        {
            return Error("unreachable", $"{target.Host} could not be reached: {unreachable.Message}");
        }
    }

    [McpServerTool(Name = "get_balance", Title = "Wallet balance", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("""
        Your IndieGent wallet: its address and chain, and how much you can spend. Returns JSON with available (spendable now),
        pending (held for payments in flight) and posted (settled in the wallet), each in base units and USDC.
        """)]
    public async Task<CallToolResult> GetBalance(CancellationToken cancellationToken = default)
    {
        if (KeyOrError() is { } missing)
            return missing;
        using var platform = Platform();
        using var response = await platform.GetAsync("v1/wallet", cancellationToken).ConfigureAwait(false);
        if (await ProblemAsync(response, cancellationToken).ConfigureAwait(false) is { } problem)
            return problem;
        var wallet = await response.Content.ReadFromJsonAsync<JsonObject>(Json, cancellationToken).ConfigureAwait(false) ?? [];
        return Ok(new JsonObject
        {
            ["wallet_address"] = wallet["walletAddress"]?.DeepClone(),
            ["chain_id"] = wallet["chainId"]?.DeepClone(),
            ["token"] = wallet["currency"]?.DeepClone(),
            ["available"] = Amount(Long(wallet["available"])),
            ["pending"] = Amount(Long(wallet["pending"])),
            ["posted"] = Amount(Long(wallet["posted"])),
            ["disabled"] = wallet["disabled"]?.DeepClone(),
        });
    }

    [McpServerTool(Name = "list_payments", Title = "Recent payments", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("""
        Your most recent payments, newest first: id, status (Settled, Authorized, AwaitingApproval, Denied, Failed, Expired, …),
        amount in base units and USDC, merchant host and recipient, transaction hash, and the reason when refused.
        """)]
    public async Task<CallToolResult> ListPayments(
        [Description("How many (1–50, default 10).")] int limit = 10,
        [Description("Only payments in this status, e.g. Denied or AwaitingApproval.")] string? status = null,
        CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 50)
            return Error("invalid_limit", "limit is 1 to 50.");
        if (KeyOrError() is { } missing)
            return missing;
        using var platform = Platform();
        var path = $"v1/payments?limit={limit}" + (string.IsNullOrWhiteSpace(status) ? "" : "&status=" + Uri.EscapeDataString(status.Trim()));
        using var response = await platform.GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (await ProblemAsync(response, cancellationToken).ConfigureAwait(false) is { } problem)
            return problem;
        var page = await response.Content.ReadFromJsonAsync<JsonObject>(Json, cancellationToken).ConfigureAwait(false) ?? [];
        var items = new JsonArray();
        foreach (var item in page["items"]?.AsArray() ?? [])
        {
            items.Add(new JsonObject
            {
                ["payment_id"] = item?["id"]?.DeepClone(),
                ["status"] = item?["status"]?.DeepClone(),
                ["amount"] = Amount(Long(item?["amount"])),
                ["host"] = item?["host"]?.DeepClone(),
                ["recipient"] = item?["recipient"]?.DeepClone(),
                ["tx_hash"] = item?["txHash"]?.DeepClone(),
                ["reason"] = item?["reason"]?.DeepClone(),
                ["requested_at"] = item?["requestedAt"]?.DeepClone(),
            });
        }

        return Ok(new JsonObject { ["payments"] = items });
    }

    [McpServerTool(Name = "marketplace_search", Title = "Search the marketplace", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("""
        Searches the IndieGent marketplace of paid services (flights, email, web search, …) you can call with marketplace_call,
        each call paid from your wallet. Returns services with slug, name, category, description, price per call in base units and
        USDC, calls made, success rate and rating.
        """)]
    public async Task<CallToolResult> MarketplaceSearch(
        [Description("Words to look for in names, descriptions and categories.")] string? query = null,
        [Description("Only this category, e.g. travel.")] string? category = null,
        [Description("Only services with a call at most this price, in USDC.")] decimal? max_price_usdc = null,
        [Description("How many (1–50, default 10).")] int limit = 10,
        CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 50)
            return Error("invalid_limit", "limit is 1 to 50.");
        if (KeyOrError() is { } missing)
            return missing;
        using var agent = Agent();
        try
        {
            var page = await agent.Marketplace.SearchAsync(new MarketplaceQuery
            {
                Text = query, Category = category, Limit = limit,
                MaxPrice = max_price_usdc is { } max ? (long)(max * Unit) : null,
            }, cancellationToken).ConfigureAwait(false);
            var services = new JsonArray();
            foreach (var s in page.Services)
            {
                services.Add(new JsonObject
                {
                    ["slug"] = s.Slug, ["name"] = s.Name, ["category"] = s.Category, ["description"] = s.Description,
                    ["price"] = Amount(s.Price), ["calls"] = s.Stats.Calls, ["success_rate"] = s.Stats.SuccessRate,
                    ["rating"] = s.Rating.Average, ["routes"] = new JsonArray([.. s.Routes.Select(r => (JsonNode)new JsonObject
                    {
                        ["method"] = r.Method, ["path"] = r.Path, ["price"] = Amount(r.Price),
                    })]),
                });
            }

            return Ok(new JsonObject { ["total"] = page.Total, ["services"] = services });
        }
        catch (PaymentException refused)
        {
            return Error(refused.Reason, refused.Message);
        }
    }

    [McpServerTool(Name = "marketplace_call", Title = "Call a marketplace service", OpenWorld = true, Destructive = false)]
    [Description("""
        Calls a marketplace service by its slug (from marketplace_search) at a path, e.g. slug "flight-search", path "/search?from=AMS&to=LIS".
        Its price is paid from your wallet under your spending controls, and not charged when the provider fails.
        Returns JSON: status, charge (captured or voided) with the amount in base units and USDC, and the body (text, cut at 64 KB).
        """)]
    public async Task<CallToolResult> MarketplaceCall(
        [Description("The service's slug.")] string slug,
        [Description("The path (and query) on the service, e.g. /search?q=lisbon.")] string path = "/",
        [Description("HTTP method: GET (default), POST, PUT, PATCH or DELETE.")] string method = "GET",
        [Description("The request body (text), for POST/PUT/PATCH.")] string? body = null,
        [Description("The body's content type (default application/json when a body is given).")] string? content_type = null,
        CancellationToken cancellationToken = default)
    {
        if (Verb(method) is not { } verb)
            return Error("invalid_method", $"'{method}' is not one of GET, POST, PUT, PATCH, DELETE.");
        if (KeyOrError() is { } missing)
            return missing;
        using var agent = Agent();
        try
        {
            using var response = await agent.Marketplace.CallAsync(slug, verb, path.StartsWith('/') ? path : "/" + path, Content(body, content_type),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return Ok(new JsonObject
            {
                ["status"] = (int)response.StatusCode,
                ["call_id"] = response.CallId?.ToString(),
                ["charge"] = response.ChargeStatus.ToString().ToLowerInvariant(),
                ["amount"] = Amount(response.ChargedAmount),
                ["body"] = await BodyAsync(response.Content, cancellationToken).ConfigureAwait(false),
            });
        }
        catch (PaymentException refused)
        {
            return Error(refused.Reason, refused.Message, refused.PaymentId);
        }
        catch (MarketplaceCallException failed)
        {
            return Error("marketplace_call_failed", failed.Message);
        }
    }

    /// <summary>The HTTP method a tool accepts, or null.</summary>
    private static HttpMethod? Verb(string method)
    {
        var verb = method.Trim().ToUpperInvariant();
        return verb is "GET" or "POST" or "PUT" or "PATCH" or "DELETE" ? new HttpMethod(verb) : null;
    }

    /// <summary>A tool's text body (JSON unless it names another type), or none.</summary>
    private static StringContent? Content(string? body, string? contentType) =>
        body is null ? null : new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType ?? "application/json"));

    private IndieGentAgent Agent() => IndieGentAgent.ForPlatform(caller.Gateway, caller.ApiKey!, handlers.Platform, handlers.PaidCalls);

    private HttpClient Platform()
    {
        var client = new HttpClient(handlers.Platform, disposeHandler: false) { BaseAddress = caller.Gateway };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", caller.ApiKey);
        return client;
    }

    private CallToolResult? KeyOrError() => string.IsNullOrEmpty(caller.ApiKey)
        ? Error("unauthenticated", "No agent API key: the tools act for one agent (Authorization: Bearer igk_…, or `indiegent login`).")
        : null;

    private static async Task<CallToolResult?> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return null;
        string? reason = null, detail = null;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Json, ct).ConfigureAwait(false);
            reason = problem?["reason"]?.GetValue<string>() ?? problem?["type"]?.GetValue<string>()?.Split('/')[^1];
            detail = problem?["detail"]?.GetValue<string>() ?? problem?["title"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            // Not a problem document: the status says it.
        }

        return Error(reason ?? $"http_{(int)response.StatusCode}", detail ?? $"IndieGent answered {(int)response.StatusCode}.");
    }

    private static async Task<string> BodyAsync(HttpContent content, CancellationToken ct)
    {
        var type = content.Headers.ContentType?.MediaType ?? "";
        var textual = type.Length == 0 || type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || type.Contains("json", StringComparison.OrdinalIgnoreCase) ||
                      type.Contains("xml", StringComparison.OrdinalIgnoreCase) || type.Contains("javascript", StringComparison.OrdinalIgnoreCase);
        var bytes = await content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        if (!textual)
            return $"({bytes.Length} bytes of {type}, not shown)";
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length <= MaxBodyCharacters ? text : text[..MaxBodyCharacters] + $"\n… (cut: {text.Length} characters in all)";
    }

    /// <summary>An amount both ways: base units (a string, exact) and USDC.</summary>
    private static JsonObject? Amount(long? baseUnits) => baseUnits is { } units
        ? new JsonObject
        {
            ["base_units"] = units.ToString(CultureInfo.InvariantCulture),
            ["usdc"] = (units / Unit).ToString("0.00####", CultureInfo.InvariantCulture),
        }
        : null;

    private static long? Long(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;

    private static CallToolResult Ok(JsonObject answer) => new() { Content = [new TextContentBlock { Text = answer.ToJsonString(Json) }] };

    private static CallToolResult Error(string reason, string message, Guid? paymentId = null) => new()
    {
        IsError = true,
        Content =
        [
            new TextContentBlock
            {
                Text = new JsonObject { ["error"] = reason, ["message"] = message, ["payment_id"] = paymentId?.ToString() }.ToJsonString(Json),
            },
        ],
    };
}
