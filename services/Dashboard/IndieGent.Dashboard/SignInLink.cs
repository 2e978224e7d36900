using System.Security.Cryptography;
using System.Text;
using IndieGent.Dashboard.Gateway;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace IndieGent.Dashboard;

/// <summary>
/// The one-time sign-in link of a development run (<see cref="SignInLinkOptions"/>): <c>GET /session/link?token=…</c>
/// signs the demo operator in with the same cookie as the sign-in form, once per process. A wrong or used
/// token, and any token when no link is configured, lands on the sign-in page with <see cref="UsedOrWrong"/>.
/// The token is in the query, not the path: ASP.NET Core puts the request path into the log scope of
/// everything logged during a request, and the query into nothing at the levels the dashboard logs at
/// (spans record it redacted). Neither the token nor the key is ever logged.
/// </summary>
public static class SignInLinkEndpoints
{
    /// <summary>The sign-in page's error code for a link that was used or is not this dashboard's.</summary>
    public const string UsedOrWrong = "link-used";

    /// <summary>The link's path; the token is its <c>token</c> query parameter.</summary>
    public const string Path = "/session/link";

    public static IServiceCollection AddSignInLink(this IServiceCollection services)
    {
        services.AddOptions<SignInLinkOptions>().BindConfiguration(SignInLinkOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignInLinkOptions>, NamedProblems>();
        services.AddSingleton<SignInLink>();
        return services;
    }

    public static IEndpointRouteBuilder MapSignInLink(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, SignInAsync);
        return app;
    }

    private static async Task<IResult> SignInAsync([FromQuery] string? token, HttpContext http, SignInLink link, GatewayClient gateway, ILoggerFactory logs,
        CancellationToken ct)
    {
        // The answer must not be kept anywhere, nor the link sent on as a referrer.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        var log = logs.CreateLogger(typeof(SignInLinkEndpoints));
        if (link.TryClaim(token ?? "") is not { } key)
        {
            log.LogInformation("A sign-in link was refused: used before, or not this dashboard's");
            return Refused(UsedOrWrong);
        }

        KeyCheck check;
        try
        {
            check = await gateway.CheckOperatorKeyAsync(key, ct);
        }
        catch (Exception e) when (e is GatewayProblem or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            // Not the holder's fault: the link stays usable.
            link.Release();
            log.LogWarning("The Gateway could not check the sign-in link's key: {Error}", e.Message);
            return Refused("unavailable");
        }
        catch
        {
            link.Release();
            throw;
        }

        if (check != KeyCheck.Operator)
        {
            log.LogWarning("The sign-in link's key is not an operator's key the Gateway knows ({Check})", check);
            return Refused(check == KeyCheck.NotAnOperator ? "not-an-operator" : "unknown-key");
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, OperatorSession.Principal(key));
        log.LogInformation("The demo operator signed in with the one-time sign-in link");
        return TypedResults.LocalRedirect("/");
    }

    private static IResult Refused(string error) => TypedResults.LocalRedirect($"/signin?error={error}");

    private sealed class NamedProblems : IValidateOptions<SignInLinkOptions>
    {
        public ValidateOptionsResult Validate(string? name, SignInLinkOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}

/// <summary>Whether the configured link is still unused; claimed by the first request that brings its token.</summary>
internal sealed class SignInLink(IOptions<SignInLinkOptions> options)
{
    private const int Unused = 0, Claimed = 1;

    // Compared as digests: equal length whatever the caller sends, and compared in constant time.
    private readonly byte[]? _digest = options.Value.Enabled ? Digest(options.Value.Token!) : null;
    private int _state = Unused;

    /// <summary>The operator key when <paramref name="token"/> is the link's and nobody claimed it before; null otherwise.</summary>
    public string? TryClaim(string token)
    {
        if (_digest is null || !CryptographicOperations.FixedTimeEquals(Digest(token), _digest))
            return null;
        return Interlocked.CompareExchange(ref _state, Claimed, Unused) == Unused ? options.Value.ApiKey : null;
    }

    /// <summary>Makes a claimed link usable again (the Gateway could not check its key).</summary>
    public void Release() => Interlocked.Exchange(ref _state, Unused);

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
