using System.Text.Json;
using System.Text.RegularExpressions;

namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// The document's root: an OpenAPI 3.x document with the draft's "Required Top-Level Fields"
/// (<c>openapi</c>, <c>info.title</c>, <c>info.version</c>, <c>paths</c>), a base URL, the
/// <c>x-service-info</c> extension and the operations. Every error is collected; a document that is
/// not OpenAPI 3.x at all gets only that one error.
/// </summary>
internal static partial class ListingReader
{
    public static ServiceListing? Read(JsonElement root, DiscoveryOptions options, IssueLog log)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            log.Error(JsonPointer.Document, $"The document must be an object (an OpenAPI 3.x document), not {JsonMembers.Describe(root)}.");
            return null;
        }
        var openApiVersion = ReadOpenApiVersion(root, log);
        if (openApiVersion is null) return null;

        var (title, version, description) = ReadInfo(root, log);
        var baseUrl = ServerUrlReader.Read(root, options.DocumentUrl, log);
        var serviceInfo = ServiceInfoReader.Read(root, options.DocumentUrl ?? baseUrl, log);
        var operations = OperationReader.Read(root, log);
        if (log.HasErrors) return null;
        return new ServiceListing(title!, description, version!, openApiVersion, baseUrl!, serviceInfo, operations);
    }

    private static string? ReadOpenApiVersion(JsonElement root, IssueLog log)
    {
        const string pointer = "/openapi";
        if (!root.TryGetProperty("openapi", out var value))
        {
            log.Error(pointer, root.TryGetProperty("swagger", out _)
                ? $"This is a Swagger 2.0 document; {IssueLog.Draft} (section \"OpenAPI Discovery\") requires OpenAPI 3.x."
                : $"'openapi' is missing: this is not an OpenAPI 3.x document, which {IssueLog.Draft} (section \"OpenAPI Discovery\") requires.");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            log.Error(pointer, $"'openapi' must be a version string such as \"3.1.0\", not {JsonMembers.Describe(value)}{JsonMembers.YamlHint(value)}.");
            return null;
        }
        var text = value.GetString()!;
        if (!OpenApi3().IsMatch(text))
        {
            log.Error(pointer, $"{Excerpt.Quote(text)} is not an OpenAPI 3.x version; {IssueLog.Draft} (section \"OpenAPI Discovery\") requires OpenAPI 3.x.");
            return null;
        }
        return text;
    }

    private static (string? Title, string? Version, string? Description) ReadInfo(JsonElement root, IssueLog log)
    {
        const string pointer = "/info";
        if (!root.TryGetProperty("info", out var info))
        {
            log.Error(pointer, $"'info' is missing: it carries the service's title and version ({IssueLog.Draft}, section \"Required Top-Level Fields\").");
            return default;
        }
        if (info.ValueKind != JsonValueKind.Object)
        {
            log.Error(pointer, $"'info' must be an object, not {JsonMembers.Describe(info)}.");
            return default;
        }
        var title = JsonMembers.RequiredString(info, "title", pointer, log, $"it is the service's name ({IssueLog.Draft}, section \"Required Top-Level Fields\").");
        var version = JsonMembers.RequiredString(info, "version", pointer, log, $"it is the API's version ({IssueLog.Draft}, section \"Required Top-Level Fields\").");
        var description = JsonMembers.OptionalString(info, "description", pointer, log);
        return (title?.Trim(), version?.Trim(), string.IsNullOrWhiteSpace(description) ? null : description.Trim());
    }

    // "3.0.3", "3.1.0", "3.2.0"; a pre-release suffix is tolerated.
    [GeneratedRegex(@"^3\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex OpenApi3();
}
