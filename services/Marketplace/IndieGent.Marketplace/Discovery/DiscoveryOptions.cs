namespace IndieGent.Marketplace.Discovery;

/// <summary>How <see cref="OpenApiDiscovery"/> reads one document.</summary>
public sealed record DiscoveryOptions
{
    /// <summary>
    /// The absolute http(s) URL the document was fetched from, when known (normally the service's
    /// origin plus <see cref="OpenApiDiscovery.DocumentPath"/>). Relative <c>servers[0].url</c> values
    /// and relative documentation links resolve against it, and a document without <c>servers</c>
    /// gets the OpenAPI default server <c>/</c> on this URL's origin. Without it, such documents are
    /// refused.
    /// </summary>
    public Uri? DocumentUrl { get; init; }

    /// <summary>The largest document accepted, in bytes (UTF-8). Default 1 MiB.</summary>
    public int MaxDocumentBytes { get; init; } = OpenApiDiscovery.DefaultMaxDocumentBytes;

    internal void Validate()
    {
        if (MaxDocumentBytes <= 0)
            throw new ArgumentOutOfRangeException(nameof(MaxDocumentBytes), MaxDocumentBytes, "The size limit must be positive.");
        if (DocumentUrl is not null && !HttpUrl.IsAbsoluteHttp(DocumentUrl))
            throw new ArgumentException("The document URL must be an absolute http or https URL.", nameof(DocumentUrl));
    }
}
