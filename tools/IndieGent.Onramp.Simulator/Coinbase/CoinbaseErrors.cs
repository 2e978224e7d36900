using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Onramp.Simulator.Coinbase;

/// <summary>
/// The CDP errors the simulator answers, with the <c>errorType</c> values and statuses of the
/// cdp-sdk OpenAPI (<c>ErrorType</c> enum; the <c>400</c> and <c>UnauthorizedError</c> responses).
/// </summary>
public static class CoinbaseErrors
{
    public const string InvalidRequest = "invalid_request";
    public const string Unauthorized = "unauthorized";

    /// <summary>The OpenAPI's example message for a 401; the reason stays in the simulator's log, as a real API would not tell it.</summary>
    public const string UnauthorizedMessage = "The request is not properly authenticated.";

    public static JsonHttpResult<CoinbaseError> BadRequest(HttpContext context, string message) =>
        Error(context, StatusCodes.Status400BadRequest, InvalidRequest, message);

    public static JsonHttpResult<CoinbaseError> Unauthenticated(HttpContext context) =>
        Error(context, StatusCodes.Status401Unauthorized, Unauthorized, UnauthorizedMessage);

    public static JsonHttpResult<CoinbaseError> Error(HttpContext context, int status, string errorType, string message) =>
        TypedResults.Json(new CoinbaseError(errorType, message, context.TraceIdentifier), statusCode: status);
}
