using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace IndieGent.Samples.Providers.Registration;

/// <summary>The platform's public Gateway API as a provider uses it: create its operator, its provider, its services.</summary>
public sealed class GatewayClient(HttpClient http)
{
    /// <summary><c>POST /v1/operators {name}</c> with an admin key; the new operator's API key.</summary>
    public async Task<string> CreateOperatorAsync(string adminKey, string name, CancellationToken ct) =>
        (await SendAsync<OperatorCreated>(HttpMethod.Post, "/v1/operators", adminKey, new { name }, ct)).ApiKey;

    /// <summary><c>POST /v1/marketplace/providers {name, payoutAddress}</c>; the provider's id.</summary>
    public async Task<Guid> CreateProviderAsync(string operatorKey, string name, string payoutAddress, CancellationToken ct) =>
        (await SendAsync<ProviderCreated>(HttpMethod.Post, "/v1/marketplace/providers", operatorKey, new { name, payoutAddress }, ct)).Id;

    /// <summary><c>PUT /v1/marketplace/services/{slug}</c>: lists the service, or replaces its listing.</summary>
    public async Task PutServiceAsync(string operatorKey, DemoService service, Guid providerId, Uri publicUrl, CancellationToken ct)
    {
        var body = new
        {
            providerId,
            name = service.Name,
            category = service.Category,
            description = service.Description,
            baseUrl = service.BaseUrl(publicUrl),
            price = service.Price,
            routes = service.Routes.Select(r => new { method = r.Method, path = r.Path, price = r.Price }),
            status = "active",
        };
        await SendAsync<JsonElement>(HttpMethod.Put, $"/v1/marketplace/services/{Uri.EscapeDataString(service.Slug)}", operatorKey, body, ct);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, string key, object body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new GatewayException($"{method} {path} answered {(int)response.StatusCode}{await DetailAsync(response, ct)}", response.StatusCode);
        return await response.Content.ReadFromJsonAsync<T>(ct)
               ?? throw new GatewayException($"{method} {path} answered {(int)response.StatusCode} without a body.", response.StatusCode);
    }

    /// <summary>The problem's detail (and field errors), which name no secret; never the raw body.</summary>
    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return ".";
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var detail = problem.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            var errors = problem.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object
                ? string.Join("; ", e.EnumerateObject().Select(p => $"{p.Name}: {string.Join(" ", p.Value.EnumerateArray().Select(v => v.ToString()))}"))
                : null;
            return $": {detail}{(string.IsNullOrEmpty(errors) ? "" : $" ({errors})")}";
        }
        catch (JsonException)
        {
            return ".";
        }
    }

    private sealed record OperatorCreated(Guid Id, string ApiKey);

    private sealed record ProviderCreated(Guid Id);
}
