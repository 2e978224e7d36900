namespace IndieGent.Samples.Providers.Apis;

/// <summary>The demo services' RFC 9457 problems; <c>type</c>s are stable identifiers under the platform's base.</summary>
internal static class DemoProblems
{
    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "One or more fields are invalid.", title: "Invalid request",
            type: ServiceHostExtensions.ProblemTypeBase + "validation-failed");

    /// <summary>The failure switch of the demos: a 500 on purpose, so the platform's refund of failed calls can be seen.</summary>
    public static IResult DemoFailure() =>
        ServiceHostExtensions.Problem("demo-failure", "Demo failure",
            "This call failed on purpose (fail=500): the marketplace refunds calls its provider fails.", StatusCodes.Status500InternalServerError);
}
