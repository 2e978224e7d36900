using System.Security.Claims;
using IndieGent.Dashboard.Gateway;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace IndieGent.Dashboard;

/// <summary>
/// The signed-in operator: an API key the Gateway confirmed is an operator's, kept in the encrypted,
/// httpOnly session cookie and read back on the server for every Gateway call.
/// </summary>
public sealed class OperatorSession(IHttpContextAccessor http)
{
    public const string CookieName = "indiegent.session";
    internal const string KeyClaim = "indiegent:api-key";

    /// <summary>The operator's key; a page that needs it is behind <c>[Authorize]</c>, so it is there.</summary>
    public string ApiKey => http.HttpContext?.User.FindFirstValue(KeyClaim)
                            ?? throw new InvalidOperationException("No operator is signed in.");

    internal static ClaimsPrincipal Principal(string apiKey) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator"), new Claim(KeyClaim, apiKey)],
            CookieAuthenticationDefaults.AuthenticationScheme));
}

/// <summary>Sign-in and sign-out: forms posted with an anti-forgery token, answered by a redirect.</summary>
public static class OperatorSessionEndpoints
{
    public static IEndpointRouteBuilder MapOperatorSession(this IEndpointRouteBuilder app)
    {
        app.MapPost("/session/signin", SignInAsync);
        app.MapPost("/session/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.LocalRedirect("/signin?signedOut=1");
        });
        return app;
    }

    private static async Task<IResult> SignInAsync([FromForm] string? apiKey, [FromForm] string? returnUrl, HttpContext http, GatewayClient gateway,
        ILoggerFactory logs, CancellationToken ct)
    {
        var back = LocalOrHome(returnUrl);
        var key = apiKey?.Trim() ?? "";
        if (key.Length == 0)
            return Retry("missing-key", back);

        KeyCheck check;
        try
        {
            check = await gateway.CheckOperatorKeyAsync(key, ct);
        }
        catch (Exception e) when (e is GatewayProblem or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            // Never the key: only that the Gateway could not say.
            logs.CreateLogger(typeof(OperatorSessionEndpoints)).LogWarning("The Gateway could not check a sign-in key: {Error}", e.Message);
            return Retry("unavailable", back);
        }

        if (check != KeyCheck.Operator)
            return Retry(check == KeyCheck.NotAnOperator ? "not-an-operator" : "unknown-key", back);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, OperatorSession.Principal(key));
        return TypedResults.LocalRedirect(back);
    }

    /// <summary>A path on this site to go back to, or "/" for anything else (another site, a scheme-relative URL).</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) && returnUrl.StartsWith('/') &&
        !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";

    private static IResult Retry(string error, string back) =>
        TypedResults.LocalRedirect($"/signin?error={error}&returnUrl={Uri.EscapeDataString(back)}");
}
