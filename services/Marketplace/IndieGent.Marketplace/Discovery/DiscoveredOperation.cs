namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// One operation of the document (a path and an HTTP method). A "Payable Operation" in the draft's
/// terms when it carries <c>x-payment-info</c> (section "Payment Extension: x-payment-info"), free otherwise.
/// </summary>
/// <param name="Method">The HTTP method, upper case (<c>GET</c>, <c>POST</c>…).</param>
/// <param name="Path">The path template as the document writes it (<c>/v1/items/{id}</c>), relative to the base URL.</param>
/// <param name="OperationId"><c>operationId</c>, when present (unique within the document).</param>
/// <param name="Summary"><c>summary</c>, when present.</param>
/// <param name="Description"><c>description</c>, when present.</param>
/// <param name="Offers">The payment offers in document order; empty for a free operation. The single-offer shorthand is read as one offer, as the draft requires.</param>
/// <param name="HasRequestBody">Whether the operation declares a <c>requestBody</c> (section "Input Schema": a paid POST, PUT or PATCH without one is "schema-missing").</param>
public sealed record DiscoveredOperation(
    string Method,
    string Path,
    string? OperationId,
    string? Summary,
    string? Description,
    IReadOnlyList<DiscoveredOffer> Offers,
    bool HasRequestBody)
{
    public bool IsPaid => Offers.Count > 0;
}
