using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IndieGent.ServiceDefaults.Identity;

/// <summary>
/// Authenticates a request only from a valid <see cref="ForwardedIdentityDefaults.HeaderName"/> the
/// Gateway signed for this service, method and path, fresh and not seen before; anything else is
/// anonymous, so protected endpoints answer 401. Challenges and forbids are RFC 9457 problems.
/// </summary>
public sealed class ForwardedIdentityHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ForwardedIdentityVerifier verifier,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ForwardedIdentityDefaults.HeaderName, out var values))
            return Task.FromResult(AuthenticateResult.NoResult());
        if (values.Count != 1)
            return Task.FromResult(AuthenticateResult.Fail("More than one forwarded identity header."));

        var path = Request.PathBase.Add(Request.Path).Value ?? "/";
        if (!verifier.TryVerify(values[0], Request.Method, path, time.GetUtcNow(), out var identity, out var failure))
        {
            // The header value is a bearer credential while fresh: log why, never what.
            Logger.LogWarning("Refused a forwarded identity header: {Reason}", failure);
            return Task.FromResult(AuthenticateResult.Fail("Invalid forwarded identity."));
        }

        var principal = ForwardedIdentityPrincipal.Create(identity, Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "unauthenticated", "Not authenticated",
            "The request carries no valid identity.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
            "This identity may not use this endpoint.");

    private Task WriteProblemAsync(int status, string type, string title, string detail) =>
        Context.WriteProblemAsync(status, type, title, detail);
}
