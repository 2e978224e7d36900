using IndieGent.ServiceDefaults;

namespace IndieGent.Funding.Api.Apis;

/// <summary>Funding's RFC 9457 problems; the <c>type</c> URIs are stable identifiers clients switch on.</summary>
internal static class FundingProblems
{
    public static IResult Of(string type, string title, string detail, int status) => ServiceHostExtensions.Problem(type, title, detail, status);

    public static IResult AgentNotFound(Guid agentId) =>
        Of("agent-not-found", "Agent not found", $"No agent {agentId} belongs to this operator (or its wallet is still being created).",
            StatusCodes.Status404NotFound);

    public static IResult TreasuryNotFound() =>
        Of("treasury-not-found", "Treasury not found",
            "The operator's treasury is not known here yet (GET /v1/treasury creates it for an operator that predates treasuries); try again shortly.",
            StatusCodes.Status404NotFound);

    public static IResult InvalidAmount(string detail) => Of("invalid-amount", "Invalid amount", detail, StatusCodes.Status400BadRequest);
}
