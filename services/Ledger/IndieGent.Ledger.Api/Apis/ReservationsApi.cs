using System.Security.Claims;
using IndieGent.Contracts.Payments;
using IndieGent.Ledger.Api.Payments;
using IndieGent.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Ledger.Api.Apis;

/// <summary>The Gateway's <c>POST /v1/payments</c> reaches the Ledger here: reserve, or say where the payment stands.</summary>
public static class ReservationsApi
{
    public static IEndpointRouteBuilder MapReservationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/payments", Reserve).WithTags("Internal").RequireAuthorization(IdentityPolicies.Agent);
        return app;
    }

    public static async Task<Results<Ok<CapChecked>, ProblemHttpResult>> Reserve(
        PaymentRequested request, ClaimsPrincipal user, PaymentReservations reservations, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        // The Gateway-signed identity is the only word on whose payment this is.
        if (request.AgentId != user.AgentId() || request.OperatorId != user.OperatorId())
            return TypedResults.Problem(detail: "The payment is not the calling agent's.", statusCode: StatusCodes.Status403Forbidden,
                title: "Not your payment", type: ServiceHostExtensions.ProblemTypeBase + "forbidden");
        return await reservations.ReserveAsync(request, ct) is { } decided
            ? TypedResults.Ok(decided)
            : TypedResults.Problem(
                detail: "This Idempotency-Key was used for a different payment; use a new key for a new payment.",
                statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key already used",
                type: ServiceHostExtensions.ProblemTypeBase + "idempotency-key-reused",
                extensions: new Dictionary<string, object?> { ["paymentId"] = request.PaymentId });
    }
}
