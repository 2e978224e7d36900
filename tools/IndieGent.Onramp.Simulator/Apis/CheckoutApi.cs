using IndieGent.Onramp.Simulator.Checkout;
using IndieGent.Onramp.Simulator.Extensions;
using IndieGent.Onramp.Simulator.Purchases;
using IndieGent.Onramp.Simulator.Sessions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Onramp.Simulator.Apis;

/// <summary>
/// The page a session's <c>onrampUrl</c> opens, and its "Pay". Paying is single-use per session,
/// waits for the mint's receipt, then sends the browser to the session's <c>redirectUrl</c>.
/// </summary>
public static class CheckoutApi
{
    public const string PathPrefix = "/checkout/";
    private const string HtmlContentType = "text/html; charset=utf-8";

    public static IEndpointRouteBuilder MapCheckoutApi(this IEndpointRouteBuilder app)
    {
        var checkout = app.MapGroup("/checkout").WithTags("Checkout").ExcludeFromDescription();
        checkout.MapGet("/{sessionId}", Show);
        checkout.MapPost("/{sessionId}", Pay);
        return app;
    }

    /// <summary>The session's checkout URL, on <see cref="SimulatorOptions.PublicUrl"/> or else on the address this request came to.</summary>
    public static string CheckoutUrl(HttpContext context, SimulatorOptions options, string sessionId)
    {
        var root = string.IsNullOrWhiteSpace(options.PublicUrl)
            ? $"{context.Request.Scheme}://{context.Request.Host.Value}"
            : options.PublicUrl.TrimEnd('/');
        return root + PathPrefix + sessionId;
    }

    public static ContentHttpResult Show(HttpContext context, string sessionId, SessionStore sessions, IAntiforgery antiforgery)
    {
        NoStore(context);
        if (sessions.Find(sessionId) is not { } session)
            return Html(CheckoutPage.Message("Not found", "This checkout does not exist."), StatusCodes.Status404NotFound);
        if (session.Transaction is { } transaction)
            return Html(CheckoutPage.Outcome(session, transaction), StatusCodes.Status200OK);
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Html(CheckoutPage.Form(session, tokens, PathPrefix + session.Id), StatusCodes.Status200OK);
    }

    public static async Task<Results<ContentHttpResult, RedirectHttpResult>> Pay(
        HttpContext context, string sessionId, SessionStore sessions, IAntiforgery antiforgery, PurchaseService purchases,
        IHostApplicationLifetime lifetime)
    {
        NoStore(context);
        if (sessions.Find(sessionId) is not { } session)
            return Html(CheckoutPage.Message("Not found", "This checkout does not exist."), StatusCodes.Status404NotFound);
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return Html(CheckoutPage.Message("Form expired", "Reload the checkout page and press Pay again."), StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        decimal? entered = SessionRequestValidator.TryParseAmount(form[CheckoutPage.AmountField].ToString(), SessionRequestValidator.PaymentAmountDecimals, out var amount) ? amount : null;
        // Not the request's token: a browser that gives up must not leave a mint half-recorded.
        var outcome = await purchases.PayAsync(session, entered, lifetime.ApplicationStopping);
        return outcome switch
        {
            { Refusal: PurchaseRefusal.AlreadyUsed } =>
                Html(CheckoutPage.Message("Already used", "This checkout was paid already; each onramp URL is single-use."), StatusCodes.Status409Conflict),
            { Transaction: null } =>
                Html(CheckoutPage.Message("Amount needed", "Enter a positive amount in USD, with at most two decimals, that covers the fees."), StatusCodes.Status400BadRequest),
            { Transaction: not null } when session.RedirectUrl is { } redirect => TypedResults.Redirect(redirect.AbsoluteUri),
            { Transaction: { } transaction } => Html(CheckoutPage.Outcome(session, transaction), StatusCodes.Status200OK),
        };
    }

    private static ContentHttpResult Html(string html, int status) => TypedResults.Content(html, HtmlContentType, statusCode: status);

    private static void NoStore(HttpContext context) =>
        context.Response.Headers.CacheControl = "no-store";
}
