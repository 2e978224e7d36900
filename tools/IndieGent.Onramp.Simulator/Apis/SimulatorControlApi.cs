using IndieGent.Onramp.Simulator.Faults;
using IndieGent.Onramp.Simulator.Purchases;
using IndieGent.Onramp.Simulator.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Onramp.Simulator.Apis;

/// <summary>
/// The tests' handle on the simulator, under <c>/simulator</c>, off Coinbase's paths and without
/// authentication: inspect a session, press "Pay" without a browser, and plan faults (a failed
/// purchase; webhooks doubled, late, out of order or never sent).
/// </summary>
public static class SimulatorControlApi
{
    public static IEndpointRouteBuilder MapSimulatorControlApi(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/simulator").WithTags("Simulator control");
        control.MapGet("/sessions/{sessionId}", GetSession);
        control.MapPost("/sessions/{sessionId}/pay", Pay);
        control.MapPut("/sessions/{sessionId}/faults", SetSessionFaults);
        control.MapPut("/faults/next-purchase", SetNextPurchaseFaults);
        control.MapDelete("/faults/next-purchase", ClearNextPurchaseFaults);
        return app;
    }

    public static Results<Ok<SessionView>, NotFound> GetSession(string sessionId, SessionStore sessions) =>
        sessions.Find(sessionId) is { } session ? TypedResults.Ok(SessionView.Of(session)) : TypedResults.NotFound();

    public static async Task<Results<Ok<SessionView>, NotFound, Conflict<SessionView>, BadRequest<SessionView>>> Pay(
        string sessionId, PayRequest? request, SessionStore sessions, PurchaseService purchases, IHostApplicationLifetime lifetime)
    {
        if (sessions.Find(sessionId) is not { } session)
            return TypedResults.NotFound();
        var outcome = await purchases.PayAsync(session, request?.PaymentAmount, lifetime.ApplicationStopping);
        return outcome.Refusal switch
        {
            PurchaseRefusal.AlreadyUsed => TypedResults.Conflict(SessionView.Of(session)),
            PurchaseRefusal.AmountMissing => TypedResults.BadRequest(SessionView.Of(session)),
            _ => TypedResults.Ok(SessionView.Of(session)),
        };
    }

    public static Results<NoContent, NotFound> SetSessionFaults(string sessionId, FaultPlan plan, SessionStore sessions, FaultBook faults)
    {
        if (sessions.Find(sessionId) is null)
            return TypedResults.NotFound();
        faults.SetForSession(sessionId, plan);
        return TypedResults.NoContent();
    }

    public static NoContent SetNextPurchaseFaults(FaultPlan plan, FaultBook faults)
    {
        faults.SetForNextPurchase(plan);
        return TypedResults.NoContent();
    }

    public static NoContent ClearNextPurchaseFaults(FaultBook faults)
    {
        faults.SetForNextPurchase(null);
        return TypedResults.NoContent();
    }
}
