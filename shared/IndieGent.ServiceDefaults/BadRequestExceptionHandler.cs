using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A request the server cannot read — malformed JSON, JSON of the wrong shape, a body over the
/// size limit, broken chunked framing — is the client's mistake: a 4xx problem with a stable type
/// in every environment, never a 500. (Minimal APIs throw <see cref="BadHttpRequestException"/>
/// for these because <c>ThrowOnBadRequest</c> is on everywhere; see <see cref="ServiceHostExtensions"/>.)
/// </summary>
public sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
            return false;

        var (status, type, title, detail) = bad switch
        {
            { StatusCode: StatusCodes.Status413PayloadTooLarge } => (bad.StatusCode, "request-too-large", "Request too large",
                $"The request body exceeds the {MaxBody(httpContext)} this endpoint accepts."),
            { InnerException: JsonException json } => (StatusCodes.Status400BadRequest, "invalid-json", "Invalid JSON",
                json.Path is { Length: > 0 } path
                    ? $"The request body is not JSON of the expected shape (at {path})."
                    : "The request body is not valid JSON."),
            _ when bad.StatusCode is >= 400 and < 500 => (bad.StatusCode, "bad-request", "Bad request",
                "The request could not be read: check its framing, headers and body."),
            _ => (StatusCodes.Status400BadRequest, "bad-request", "Bad request", "The request could not be read."),
        };
        await httpContext.WriteProblemAsync(status, type, title, detail);
        return true;
    }

    private static string MaxBody(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } max
            ? $"{max} bytes"
            : "size";
}
