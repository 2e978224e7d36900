using Microsoft.AspNetCore.Mvc;

namespace IndieGent.Dashboard;

/// <summary>Light, dark or the system's choice: a cookie the layout reads into <c>data-theme</c> on the page.</summary>
public static class Theme
{
    public const string CookieName = "indiegent.theme";

    public static readonly string[] Choices = ["system", "light", "dark"];

    /// <summary>The operator's choice from the request's cookie ("system" when none or unknown).</summary>
    public static string Of(HttpContext? http) =>
        http?.Request.Cookies[CookieName] is { } chosen && Choices.Contains(chosen) ? chosen : "system";

    public static IEndpointRouteBuilder MapTheme(this IEndpointRouteBuilder app)
    {
        // A form post with the anti-forgery token, like every other.
        app.MapPost("/session/theme", ([FromForm] string? theme, [FromForm] string? returnUrl, HttpContext http) =>
        {
            var chosen = theme is not null && Choices.Contains(theme) ? theme : "system";
            http.Response.Cookies.Append(CookieName, chosen, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, MaxAge = TimeSpan.FromDays(365), IsEssential = true,
            });
            return TypedResults.LocalRedirect(OperatorSessionEndpoints.LocalOrHome(returnUrl));
        });
        return app;
    }
}
