namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// <c>x-service-info.docs</c> (draft-payment-discovery-00, section "Documentation Links"): three
/// OPTIONAL URIs. Here each is an absolute http(s) URL; a relative reference is resolved against the
/// document's URL (or the base URL), and any other scheme (<c>javascript:</c>, <c>file:</c>…) is refused,
/// since the catalogue shows these links to people.
/// </summary>
/// <param name="ApiReference"><c>apiReference</c>: API reference documentation.</param>
/// <param name="Homepage"><c>homepage</c>: main documentation or landing page.</param>
/// <param name="Llms"><c>llms</c>: LLM-friendly documentation (llms.txt).</param>
public sealed record ServiceDocs(Uri? ApiReference, Uri? Homepage, Uri? Llms)
{
    public static ServiceDocs None { get; } = new(null, null, null);
}
