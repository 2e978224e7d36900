using System.Text;

namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// Reads an external paid API's OpenAPI document with the MPP discovery extensions
/// (draft-payment-discovery-00, "Service Discovery for HTTP Payment Authentication", repository
/// tempoxyz/mpp-specs, <c>specs/extensions/</c>) into a catalogue <see cref="ServiceListing"/>, or into
/// the list of everything wrong with it. Pure: no I/O beyond the given stream, no clock.
/// </summary>
/// <remarks>
/// <para>
/// Section "Document Location": a service publishes the document at <c>GET /openapi.json</c>
/// (<see cref="DocumentPath"/>), over HTTPS, as <c>application/json</c>; the draft defines no
/// <c>/.well-known</c> location. JSON and YAML documents are both read here.
/// </para>
/// <para>
/// Section "Relationship to the 402 Challenge": discovery is advisory; the runtime 402 challenge is
/// authoritative for method, intent, amount and currency. A listing is for showing and searching,
/// never for paying.
/// </para>
/// </remarks>
public static class OpenApiDiscovery
{
    /// <summary>Where the draft's section "Document Location" puts the document on a service's origin.</summary>
    public const string DocumentPath = "/openapi.json";

    /// <summary>The default size limit, 1 MiB (the draft's appendix suggests registries limit crawls to 64 KB; callers may pass that).</summary>
    public const int DefaultMaxDocumentBytes = 1024 * 1024;

    /// <summary>The document's URL on a service's origin: <c>https://api.example.com</c> → <c>https://api.example.com/openapi.json</c>.</summary>
    public static Uri DocumentUrl(Uri origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (!HttpUrl.IsAbsoluteHttp(origin)) throw new ArgumentException("The origin must be an absolute http or https URL.", nameof(origin));
        return new Uri(origin, DocumentPath);
    }

    /// <summary>Reads a document given as text.</summary>
    public static DiscoveryResult Parse(string document, DiscoveryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        options ??= new DiscoveryOptions();
        options.Validate();
        var size = Encoding.UTF8.GetByteCount(document);
        return size > options.MaxDocumentBytes
            ? TooLarge($"The document is {size} bytes; the limit is {options.MaxDocumentBytes} bytes.")
            : Read(Encoding.UTF8.GetBytes(document), options);
    }

    /// <summary>Reads a document given as UTF-8 bytes (a leading byte order mark is skipped).</summary>
    public static DiscoveryResult Parse(ReadOnlyMemory<byte> utf8Document, DiscoveryOptions? options = null)
    {
        options ??= new DiscoveryOptions();
        options.Validate();
        return utf8Document.Length > options.MaxDocumentBytes
            ? TooLarge($"The document is {utf8Document.Length} bytes; the limit is {options.MaxDocumentBytes} bytes.")
            : Read(utf8Document, options);
    }

    /// <summary>
    /// Reads a document from a stream of UTF-8 bytes, stopping as soon as it passes the size limit
    /// (the rest is not read).
    /// </summary>
    public static async Task<DiscoveryResult> ParseAsync(Stream document, DiscoveryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        options ??= new DiscoveryOptions();
        options.Validate();
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await document.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > options.MaxDocumentBytes)
                return TooLarge($"The document is larger than the limit of {options.MaxDocumentBytes} bytes.");
            buffer.Write(chunk, 0, read);
        }
        return Read(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), options);
    }

    private static DiscoveryResult Read(ReadOnlyMemory<byte> utf8, DiscoveryOptions options)
    {
        var log = new IssueLog();
        using var json = DocumentReader.Read(utf8, log);
        var listing = json is null ? null : ListingReader.Read(json.RootElement, options, log);
        return new DiscoveryResult(log.HasErrors ? null : listing, log.Errors, log.Warnings);
    }

    private static DiscoveryResult TooLarge(string message) =>
        new(null, [new DiscoveryIssue(JsonPointer.Document, message)], []);
}
