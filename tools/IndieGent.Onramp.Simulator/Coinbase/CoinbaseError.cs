using System.Text.Json.Serialization;

namespace IndieGent.Onramp.Simulator.Coinbase;

/// <summary>
/// CDP's error body (<c>Error</c> in the cdp-sdk OpenAPI): <c>errorType</c> and <c>errorMessage</c>
/// are required, <c>correlationId</c> identifies the request.
/// </summary>
public sealed record CoinbaseError(
    string ErrorType,
    string ErrorMessage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CorrelationId = null);
