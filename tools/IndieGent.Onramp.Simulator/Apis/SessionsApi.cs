using System.Text.Json;
using IndieGent.Onramp.Simulator.Auth;
using IndieGent.Onramp.Simulator.Coinbase;
using IndieGent.Onramp.Simulator.Extensions;
using IndieGent.Onramp.Simulator.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace IndieGent.Onramp.Simulator.Apis;

/// <summary>CDP's <c>createOnrampSession</c>: <c>POST /platform/v2/onramp/sessions</c> (server base <c>https://api.cdp.coinbase.com/platform</c>).</summary>
public static class SessionsApi
{
    public const string Path = "/platform/v2/onramp/sessions";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, CreateSession).AddEndpointFilter<CdpAuthenticationFilter>().WithTags("Coinbase");
        return app;
    }

    public static async Task<Results<JsonHttpResult<OnrampSessionResponse>, JsonHttpResult<CoinbaseError>>> CreateSession(
        HttpContext context, SessionStore sessions, IOptionsMonitor<SimulatorOptions> options, TimeProvider time)
    {
        // Read by hand: a body that is not JSON is CDP's invalid_request, not the framework's problem document.
        OnrampSessionRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<OnrampSessionRequest>(context.Request.Body, Json, context.RequestAborted);
        }
        catch (JsonException)
        {
            request = null;
        }

        var settings = options.CurrentValue;
        if (request is null)
            return CoinbaseErrors.BadRequest(context, "The request body is not a valid JSON object.");
        if (!SessionRequestValidator.TryValidate(request, settings.Network, out var valid, out var error))
            return CoinbaseErrors.BadRequest(context, error);

        var session = new OnrampSession
        {
            Id = SessionStore.NewId(),
            DestinationAddress = valid.DestinationAddress,
            DestinationNetwork = valid.DestinationNetwork,
            PurchaseCurrency = valid.PurchaseCurrency,
            PaymentCurrency = valid.PaymentCurrency,
            Terms = valid.Terms,
            PaymentMethod = valid.PaymentMethod,
            Country = valid.Country,
            PartnerUserRef = valid.PartnerUserRef,
            RedirectUrl = valid.RedirectUrl,
            CreatedAt = time.GetUtcNow(),
        };
        sessions.Add(session);

        var quote = valid.WantsQuote && valid.Terms is { } terms ? Quote(session, terms) : null;
        var body = new OnrampSessionResponse(new OnrampSessionLink(CheckoutApi.CheckoutUrl(context, settings, session.Id)), quote);
        return TypedResults.Json(body, statusCode: StatusCodes.Status201Created);
    }

    private static OnrampQuote Quote(OnrampSession session, PurchaseTerms terms) => new(
        PurchaseTerms.Usd(terms.PaymentTotal),
        PurchaseTerms.Usd(terms.PaymentSubtotal),
        session.PaymentCurrency,
        PurchaseTerms.Usdc(terms.PurchaseAmount),
        session.PurchaseCurrency,
        session.DestinationNetwork,
        [
            new OnrampFee(OnrampFee.Exchange, PurchaseTerms.Usd(terms.ExchangeFee), session.PaymentCurrency),
            new OnrampFee(OnrampFee.Network, PurchaseTerms.Usd(terms.NetworkFee), session.PaymentCurrency),
        ],
        PurchaseTerms.Rate(terms.ExchangeRate));
}
