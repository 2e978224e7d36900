using System.Text.Json;

namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// The top-level <c>x-service-info</c> extension (draft section "Service Extension: x-service-info"):
/// <c>categories</c> (section "Categories") and <c>docs</c> (section "Documentation Links"). Members
/// the draft does not define are ignored.
/// </summary>
internal static class ServiceInfoReader
{
    public const int MaxCategories = 5;

    public static ServiceInfo Read(JsonElement root, Uri? linkBase, IssueLog log)
    {
        const string pointer = "/x-service-info";
        if (!root.TryGetProperty("x-service-info", out var info)) return ServiceInfo.Empty;
        if (info.ValueKind != JsonValueKind.Object)
        {
            log.Error(pointer, $"'x-service-info' must be an object, not {JsonMembers.Describe(info)}.");
            return ServiceInfo.Empty;
        }
        return new ServiceInfo(ReadCategories(info, pointer, log), ReadDocs(info, pointer, linkBase, log));
    }

    private static List<string> ReadCategories(JsonElement info, string infoPointer, IssueLog log)
    {
        var categories = new List<string>();
        if (!info.TryGetProperty("categories", out var values)) return categories;
        var pointer = JsonPointer.Append(infoPointer, "categories");
        if (values.ValueKind != JsonValueKind.Array)
        {
            log.Error(pointer, $"'categories' must be an array of strings, not {JsonMembers.Describe(values)} ({IssueLog.Draft}, section \"Categories\").");
            return categories;
        }
        var index = 0;
        foreach (var value in values.EnumerateArray())
        {
            var itemPointer = JsonPointer.Append(pointer, index++);
            if (value.ValueKind != JsonValueKind.String)
            {
                log.Error(itemPointer, $"A category must be a string, not {JsonMembers.Describe(value)}.");
                continue;
            }
            var text = value.GetString()!;
            var slug = Slug.Make(text, int.MaxValue);
            if (slug.Length == 0)
            {
                log.Error(itemPointer, $"The category {Excerpt.Quote(text)} has no letters or digits.");
                continue;
            }
            if (slug.Length > ListingSummary.MaxSlugLength)
            {
                log.Error(itemPointer, $"The category {Excerpt.Quote(text)} is longer than {ListingSummary.MaxSlugLength} characters; categories SHOULD be concise ({IssueLog.Draft}, section \"Categories\").");
                continue;
            }
            if (slug != text)
                log.Warn(itemPointer, $"The category {Excerpt.Quote(text)} is listed as '{slug}': categories SHOULD be lowercase with hyphens ({IssueLog.Draft}, section \"Categories\").");
            if (!categories.Contains(slug)) categories.Add(slug);
        }
        if (categories.Count > MaxCategories)
            log.Error(pointer, $"{categories.Count} categories: the catalogue lists a service under at most {MaxCategories} (\"Registries SHOULD limit services to no more than 5 categories\", {IssueLog.Draft}, section \"Categories\").");
        return categories;
    }

    private static ServiceDocs ReadDocs(JsonElement info, string infoPointer, Uri? linkBase, IssueLog log)
    {
        if (!info.TryGetProperty("docs", out var docs)) return ServiceDocs.None;
        var pointer = JsonPointer.Append(infoPointer, "docs");
        if (docs.ValueKind != JsonValueKind.Object)
        {
            log.Error(pointer, $"'docs' must be an object, not {JsonMembers.Describe(docs)} ({IssueLog.Draft}, section \"Documentation Links\").");
            return ServiceDocs.None;
        }
        return new ServiceDocs(ReadLink(docs, "apiReference", pointer, linkBase, log), ReadLink(docs, "homepage", pointer, linkBase, log), ReadLink(docs, "llms", pointer, linkBase, log));
    }

    private static Uri? ReadLink(JsonElement docs, string name, string docsPointer, Uri? linkBase, IssueLog log)
    {
        var text = JsonMembers.OptionalString(docs, name, docsPointer, log);
        if (text is null) return null;
        var link = HttpUrl.Resolve(text, linkBase, out var problem);
        if (link is null) log.Error(JsonPointer.Append(docsPointer, name), $"'{name}' must be an http(s) URL. {problem}");
        return link;
    }
}
