using Microsoft.AspNetCore.Diagnostics;

namespace IndieGent.Gateway.Api.Edge;

/// <summary>
/// A service behind the Gateway that cannot be reached, or does not answer in time, is a 503
/// problem with <c>Retry-After</c> (the caller may retry; every money path is idempotent), not a 500.
/// </summary>
public sealed class ServiceUnavailableHandler(ILogger<ServiceUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var unavailable = exception is HttpRequestException or Polly.ExecutionRejectedException
            || exception is OperationCanceledException && !httpContext.RequestAborted.IsCancellationRequested;
        if (!unavailable || httpContext.Response.HasStarted)
            return false;

        logger.LogWarning(exception, "A service did not answer {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.Headers.RetryAfter = "2";
        await httpContext.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "service-unavailable", "Try again shortly",
            "A service IndieGent needs for this request is not answering right now; retry shortly.");
        return true;
    }
}
