namespace IndieGent.ServiceDefaults.Identity;

/// <summary>
/// Signs the forwarded identity on every attempt of a request to one service (so a retry gets a
/// fresh id, and the header names the method and path actually sent). The identity comes from
/// the request's options (<see cref="IdentityOption"/>), or is the client's fixed one.
/// </summary>
public sealed class ForwardedIdentitySigningHandler(ForwardedIdentitySigner signer, string audience, ForwardedIdentity? fixedIdentity = null)
    : DelegatingHandler
{
    /// <summary>Set on a request to have it sent as this identity.</summary>
    public static readonly HttpRequestOptionsKey<ForwardedIdentity> IdentityOption = new("IndieGent.ForwardedIdentity");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var identity = request.Options.TryGetValue(IdentityOption, out var asked) ? asked : fixedIdentity;
        if (identity is not null && request.RequestUri is { } uri)
        {
            request.Headers.Remove(ForwardedIdentityDefaults.HeaderName);
            request.Headers.Add(ForwardedIdentityDefaults.HeaderName,
                signer.Sign(identity, audience, request.Method.Method, Uri.UnescapeDataString(uri.AbsolutePath)));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
