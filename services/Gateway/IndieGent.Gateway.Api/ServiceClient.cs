using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using IndieGent.ServiceDefaults.Identity;

namespace IndieGent.Gateway.Api;

/// <summary>Calls a service (by its discovery name) on behalf of the authenticated caller, with the Gateway-signed identity.</summary>
public sealed class ServiceClient(IHttpClientFactory clients, TimeProvider time)
{
    /// <summary>How the services write JSON: web defaults, enums by name.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<HttpResponseMessage> SendAsync(string service, HttpMethod method, string path, ClaimsPrincipal user, CancellationToken ct,
        object? body = null)
    {
        var identity = user.ToForwardedIdentity(time.GetUtcNow())
            ?? throw new InvalidOperationException("The caller is not authenticated.");
        using var request = new HttpRequestMessage(method, path);
        // Signed per attempt, for this service, method and path, by the client's signing handler.
        request.Options.Set(ForwardedIdentitySigningHandler.IdentityOption, identity);
        if (body is not null)
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        var client = clients.CreateClient(service);
        return await client.SendAsync(request, ct);
    }
}
