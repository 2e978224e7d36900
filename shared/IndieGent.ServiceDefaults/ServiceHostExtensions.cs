using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>The HTTP pipeline every IndieGent service shares.</summary>
public static class ServiceHostExtensions
{
    /// <summary>
    /// Unhandled exceptions and bare status codes become RFC 9457 problem details; health probes
    /// and the OpenAPI document are mapped.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDefaultEndpoints();
        app.MapOpenApi();
        return app;
    }

    /// <summary>Problem type URIs are stable identifiers under this base; clients switch on them.</summary>
    public const string ProblemTypeBase = "https://indiegent.dev/problems/";

    /// <summary>Builds an RFC 9457 problem with a stable <c>type</c> from <see cref="ProblemTypeBase"/>.</summary>
    public static IResult Problem(string type, string title, string detail, int status) =>
        Results.Problem(detail: detail, title: title, statusCode: status, type: ProblemTypeBase + type);

    /// <summary>Writes <see cref="Problem"/> as the response (for code outside endpoints, such as authentication handlers).</summary>
    public static Task WriteProblemAsync(this HttpContext context, int status, string type, string title, string detail) =>
        Problem(type, title, detail, status).ExecuteAsync(context);
}
