using IndieGent.Contracts.Payments;
using IndieGent.ServiceDefaults.Identity;
using IndieGent.Settlement.Api.Payments;
using IndieGent.Messaging;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Settlement.Api.Apis;

/// <summary>
/// The request path's settlement: the Gateway hands over the payment the Ledger just approved (with
/// its ticket) and gets the credential back at once, instead of waiting for the saga's round trips.
/// The record and the outcome message for the saga commit together.
/// </summary>
public static class PaymentSettlementApi
{
    public static IEndpointRouteBuilder MapPaymentSettlementApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/payments/settle", Settle).WithTags("Internal").RequireAuthorization(IdentityPolicies.Agent);
        return app;
    }

    public static async Task<Results<Ok<SettlementAnswer>, ForbidHttpResult>> Settle(
        SettlePayment payment, System.Security.Claims.ClaimsPrincipal user, PaymentSettler settler, IDocumentSession session,
        IPublishEndpoint publish, IDocumentStore store, HttpContext http, CancellationToken ct)
    {
        // Only for the agent the Gateway authenticated (the ticket binds the agent as well).
        if (user.AgentId() != payment.AgentId)
            return TypedResults.Forbid();
        http.Response.Headers.CacheControl = "no-store";

        var outcome = await settler.SettleAsync(payment, session, ct);
        if (outcome is not null)
            await publish.Publish(outcome, outcome.GetType(), ct);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (MartenConflicts.IsAlreadyInserted(e))
        {
            // The saga's own settlement of this payment recorded it at the same moment (and published it).
            await using var again = store.LightweightSession();
            outcome = await settler.SettleAsync(payment, again, ct);
        }

        return TypedResults.Ok(SettlementAnswer.Of(outcome));
    }
}
