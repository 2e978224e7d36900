namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// A paid external API as the catalogue lists it, read from its OpenAPI discovery document
/// (draft-payment-discovery-00, section "OpenAPI Discovery"). Advisory: the draft's section
/// "Relationship to the 402 Challenge" makes the runtime 402 challenge authoritative for every
/// payment parameter, so nothing here may stand in for it when paying.
/// </summary>
/// <param name="Title"><c>info.title</c>, trimmed ("Required Top-Level Fields": the service name).</param>
/// <param name="Description"><c>info.description</c>, when present.</param>
/// <param name="Version"><c>info.version</c> ("Required Top-Level Fields": the API version).</param>
/// <param name="OpenApiVersion">The document's <c>openapi</c> field, a 3.x version.</param>
/// <param name="BaseUrl">Absolute http(s) URL of <c>servers[0]</c> (variables replaced by their defaults, a relative URL resolved against the document's URL).</param>
/// <param name="ServiceInfo">The top-level <c>x-service-info</c> extension (empty when absent).</param>
/// <param name="Operations">Every operation in document order: paid ones carry offers, the others are free.</param>
public sealed record ServiceListing(
    string Title,
    string? Description,
    string Version,
    string OpenApiVersion,
    Uri BaseUrl,
    ServiceInfo ServiceInfo,
    IReadOnlyList<DiscoveredOperation> Operations)
{
    /// <summary>The operations that carry <c>x-payment-info</c> (at least one in a valid listing).</summary>
    public IEnumerable<DiscoveredOperation> PaidOperations => Operations.Where(operation => operation.IsPaid);
}
