using System.Security.Claims;
using IndieGent.ServiceDefaults.Identity;

namespace IndieGent.Gateway.Api;

/// <summary>Calls a service (by its discovery name) on behalf of the authenticated caller, with the Gateway-signed identity.</summary>
public sealed class ServiceClient(IHttpClientFactory clients, ForwardedIdentityCodec codec, TimeProvider time)
{
    public async Task<HttpResponseMessage> SendAsync(string service, HttpMethod method, string path, ClaimsPrincipal user, CancellationToken ct)
    {
        var identity = user.ToForwardedIdentity(time.GetUtcNow())
            ?? throw new InvalidOperationException("The caller is not authenticated.");
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add(ForwardedIdentityDefaults.HeaderName, codec.Sign(identity));
        var client = clients.CreateClient(service);
        return await client.SendAsync(request, ct);
    }
}
