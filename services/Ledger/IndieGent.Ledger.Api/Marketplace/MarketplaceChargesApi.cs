using System.Security.Claims;
using IndieGent.Contracts.Marketplace;
using IndieGent.Ledger.Api.Payments;
using IndieGent.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Ledger.Api.Marketplace;

/// <summary>
/// The Gateway's marketplace proxy reaches the Ledger here, as the calling agent: charge the call
/// (a reservation under every spending rule), then record how it ended (capture or void).
/// </summary>
public static class MarketplaceChargesApi
{
    public static IEndpointRouteBuilder MapMarketplaceChargesApi(this IEndpointRouteBuilder app)
    {
        var charges = app.MapGroup("/internal/marketplace/charges").WithTags("Internal").RequireAuthorization(IdentityPolicies.Agent);
        charges.MapPost("", Charge);
        charges.MapPost("/{callId:guid}/outcome", Outcome);
        return app;
    }

    public static async Task<Results<Ok<MarketplaceCharge>, ProblemHttpResult>> Charge(
        MarketplaceChargeRequested charging, ClaimsPrincipal user, PaymentReservations reservations, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var request = charging.Call;
        if (request.AgentId != user.AgentId() || request.OperatorId != user.OperatorId())
            return Problem(StatusCodes.Status403Forbidden, "forbidden", "Not your call", "The call is not the calling agent's.");
        if (!request.Terms.IsMarketplace())
            return Problem(StatusCodes.Status400BadRequest, "invalid-request", "Not a marketplace call", "Only marketplace terms are charged here.");
        return await reservations.ChargeAsync(request, charging.Attempt, ct) is { } charge
            ? TypedResults.Ok(charge)
            : Problem(StatusCodes.Status409Conflict, "idempotency-key-reused", "Idempotency-Key already used",
                "This Idempotency-Key was used for a different call; use a new key for a new call.");
    }

    public static async Task<Results<Ok<MarketplaceCharge>, ProblemHttpResult>> Outcome(
        Guid callId, MarketplaceCallOutcome outcome, ClaimsPrincipal user, MarketplaceOutcomes outcomes, CancellationToken ct)
    {
        if (user.AgentId() is not { } agentId)
            return Problem(StatusCodes.Status403Forbidden, "forbidden", "Not an agent", "Only the calling agent ends its call.");
        return await outcomes.RecordAsync(agentId, callId, outcome, ct) switch
        {
            ({ } charge, _) => TypedResults.Ok(charge),
            (_, MarketplaceOutcomes.Refusal.NotStarted) => Problem(StatusCodes.Status409Conflict, "call-not-started", "Call not started",
                "The call was not let through to the provider, so it has no outcome to record."),
            _ => Problem(StatusCodes.Status404NotFound, "not-found", "No such call", $"The agent has no marketplace call {callId}."),
        };
    }

    private static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: ServiceHostExtensions.ProblemTypeBase + type);
}
