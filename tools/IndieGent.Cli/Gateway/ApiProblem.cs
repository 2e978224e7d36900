using System.Text.Json.Serialization;

namespace IndieGent.Cli;

/// <summary>An RFC 9457 problem document as the platform writes them (with its <c>reason</c> and <c>paymentId</c> extensions).</summary>
public sealed record ApiProblem(
    string? Type, string? Title, int? Status, string? Detail, string? Reason = null, Guid? PaymentId = null,
    [property: JsonPropertyName("errors")] IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>The last segment of <see cref="Type"/> (<c>exceeds-daily-budget</c>), or null.</summary>
    [JsonIgnore]
    public string? Slug => Type is { Length: > 0 } type ? type.TrimEnd('/').Split('/')[^1] : null;
}
