using System.Net.Http.Json;
using System.Text.Json;

namespace IndieGent.Testing.Servers;

/// <summary>
/// Minimal Ethereum JSON-RPC over HTTP, for the calls Nethereum has no typed API for (anvil's
/// <c>anvil_*</c> methods) and for probes that must honour a cancellation token.
/// </summary>
internal static class JsonRpc
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<JsonElement> CallAsync(string url, string method, object[] parameters, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync(
            url, new { jsonrpc = "2.0", id = 1, method, @params = parameters }, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = await JsonDocument.ParseAsync(
            await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        if (body.RootElement.TryGetProperty("error", out var error))
            throw new InvalidOperationException($"{method} failed: {error.GetRawText()}");
        return body.RootElement.GetProperty("result").Clone();
    }
}
