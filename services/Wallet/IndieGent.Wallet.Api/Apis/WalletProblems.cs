using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Wallet.Api.Apis;

/// <summary>The Wallet's RFC 9457 problems; the <c>type</c> URIs are stable identifiers clients switch on.</summary>
internal static class WalletProblems
{
    public static ProblemHttpResult Of(string type, string title, string detail, int status) =>
        TypedResults.Problem(detail: detail, title: title, statusCode: status, type: ServiceHostExtensions.ProblemTypeBase + type);

    public static ProblemHttpResult AgentNotFound(Guid agentId) =>
        Of("agent-not-found", "Agent not found", $"No agent {agentId} belongs to this operator.", StatusCodes.Status404NotFound);

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "One or more fields are invalid.", title: "Invalid request",
            type: ServiceHostExtensions.ProblemTypeBase + "validation-failed");
}
