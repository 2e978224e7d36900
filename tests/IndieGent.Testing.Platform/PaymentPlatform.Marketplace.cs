using System.Net.Http.Json;

namespace IndieGent.Testing.Platform;

/// <summary>The marketplace's public API as tests use it: providers, services and calls.</summary>
public sealed partial class PaymentPlatform
{
    public sealed record ProviderCreated(Guid Id, string Name, string PayoutAddress);

    public async Task<ProviderCreated> CreateProviderAsync(string operatorKey, string payoutAddress, string name = "Acme Data")
    {
        using var client = Client(operatorKey);
        using var response = await client.PostAsJsonAsync("/v1/marketplace/providers", new { name, payoutAddress }, Ct);
        await EnsureAsync(response);
        return (await response.Content.ReadFromJsonAsync<ProviderCreated>(Ct))!;
    }

    /// <summary>Lists (or redefines) a proxied service; <paramref name="definition"/> is the PUT body.</summary>
    public async Task PutServiceAsync(string operatorKey, string slug, object definition)
    {
        using var client = Client(operatorKey);
        using var response = await client.PutAsJsonAsync($"/v1/marketplace/services/{slug}", definition, Ct);
        await EnsureAsync(response);
    }

    /// <summary>Calls a marketplace service through the proxy (the caller disposes the response).</summary>
    public async Task<HttpResponseMessage> CallAsync(string agentKey, string slug, string path, string? idempotencyKey = null,
        HttpMethod? method = null, HttpContent? content = null)
    {
        using var client = Client(agentKey);
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, $"/v1/marketplace/{slug}/{path.TrimStart('/')}") { Content = content };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request, Ct);
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: " +
                await response.Content.ReadAsStringAsync(Ct));
    }
}
