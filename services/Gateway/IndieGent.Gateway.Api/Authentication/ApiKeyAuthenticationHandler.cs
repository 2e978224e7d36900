using System.Text.Encodings.Web;
using IndieGent.ServiceDefaults;
using IndieGent.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IndieGent.Gateway.Api.Authentication;

/// <summary>
/// Authenticates <c>Authorization: Bearer igk_…</c> against the Wallet. Failures are RFC 9457
/// problems; a Wallet that cannot answer is a 503, never a silent 401.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyVerifier verifier)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string Unavailable = "indiegent.wallet-unavailable";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 512)
            return AuthenticateResult.Fail("Malformed Authorization header.");

        ForwardedIdentity? identity;
        try
        {
            identity = await verifier.VerifyAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        }
        catch (Exception e) when (e is HttpRequestException or Polly.ExecutionRejectedException)
        {
            Logger.LogWarning(e, "The Wallet could not verify an API key");
            Context.Items[Unavailable] = true;
            return AuthenticateResult.Fail("The Wallet is unavailable.");
        }

        if (identity is null)
            return AuthenticateResult.Fail("Invalid API key.");
        var principal = ForwardedIdentityPrincipal.Create(identity, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Context.Items.ContainsKey(Unavailable)
            ? WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "service-unavailable", "Try again shortly",
                "API keys cannot be verified right now.")
            : WriteProblemAsync(StatusCodes.Status401Unauthorized, "invalid-api-key", "Invalid API key",
                "Send a valid API key as 'Authorization: Bearer igk_…'.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "forbidden", "Forbidden", "This API key may not use this endpoint.");

    private Task WriteProblemAsync(int status, string type, string title, string detail)
    {
        if (status == StatusCodes.Status401Unauthorized)
            Response.Headers.WWWAuthenticate = "Bearer";
        return Context.WriteProblemAsync(status, type, title, detail);
    }
}
