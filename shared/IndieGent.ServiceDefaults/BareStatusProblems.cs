using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A bare status code the framework answers by itself (no route, wrong method, a body over the
/// limit, a wrong content type) still gets a stable IndieGent problem type and a sentence a human
/// can act on, so clients switch on one kind of <c>type</c> everywhere.
/// </summary>
public static class BareStatusProblems
{
    public static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type?.StartsWith(ServiceHostExtensions.ProblemTypeBase, StringComparison.Ordinal) == true)
            return;
        var described = problem.Status switch
        {
            StatusCodes.Status400BadRequest => ("bad-request", "The request could not be read: check its framing, headers and body."),
            StatusCodes.Status404NotFound => ("not-found", "Nothing is found at this address."),
            StatusCodes.Status405MethodNotAllowed => ("method-not-allowed", "This address does not accept this method."),
            StatusCodes.Status413PayloadTooLarge => ("request-too-large", "The request body is larger than this endpoint accepts."),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported-media-type", "Send the body as application/json."),
            StatusCodes.Status431RequestHeaderFieldsTooLarge => ("headers-too-large", "The request's headers are larger than accepted."),
            _ => ((string Type, string Detail)?)null,
        };
        if (described is not { } known)
            return;
        problem.Type = ServiceHostExtensions.ProblemTypeBase + known.Type;
        problem.Detail ??= known.Detail;
    }
}
