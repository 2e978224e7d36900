namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// The top-level <c>x-service-info</c> extension (draft-payment-discovery-00, section
/// "Service Extension: x-service-info"): both of its fields are OPTIONAL.
/// </summary>
/// <param name="Categories">
/// <c>categories</c> (section "Categories"): free-form strings that SHOULD be lowercase with hyphens;
/// here normalised to such slugs (<c>"Developer Tools"</c> → <c>developer-tools</c>), duplicates removed,
/// at most five ("Registries SHOULD limit services to no more than 5 categories").
/// </param>
/// <param name="Docs"><c>docs</c> (section "Documentation Links").</param>
public sealed record ServiceInfo(IReadOnlyList<string> Categories, ServiceDocs Docs)
{
    /// <summary>A document without <c>x-service-info</c>.</summary>
    public static ServiceInfo Empty { get; } = new([], ServiceDocs.None);
}
