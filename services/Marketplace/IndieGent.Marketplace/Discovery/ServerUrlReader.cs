using System.Text.Json;
using System.Text.RegularExpressions;

namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// The base URL: <c>servers[0].url</c> with its variables replaced by their defaults (OpenAPI
/// "Server Object"). A relative URL resolves against the document's URL, and without <c>servers</c>
/// OpenAPI's default server is <c>/</c> — both need the document's URL, else they are errors.
/// </summary>
internal static partial class ServerUrlReader
{
    public static Uri? Read(JsonElement root, Uri? documentUrl, IssueLog log)
    {
        const string pointer = "/servers";
        if (!root.TryGetProperty("servers", out var servers) || servers.ValueKind == JsonValueKind.Array && servers.GetArrayLength() == 0)
        {
            if (documentUrl is not null) return new Uri(documentUrl, "/");
            log.Error(pointer, "No server is named: set servers[0].url to the API's absolute base URL (or read the document from its own URL, which OpenAPI's default server \"/\" is relative to).");
            return null;
        }
        if (servers.ValueKind != JsonValueKind.Array)
        {
            log.Error(pointer, $"'servers' must be an array, not {JsonMembers.Describe(servers)}.");
            return null;
        }
        var first = servers[0];
        var firstPointer = JsonPointer.Append(pointer, 0);
        if (first.ValueKind != JsonValueKind.Object)
        {
            log.Error(firstPointer, $"A server must be an object, not {JsonMembers.Describe(first)}.");
            return null;
        }
        var urlPointer = JsonPointer.Append(firstPointer, "url");
        var template = JsonMembers.RequiredString(first, "url", firstPointer, log, "it is the API's base URL.");
        if (template is null) return null;
        var url = ReplaceVariables(template, first, urlPointer, log);
        if (url is null) return null;
        var resolved = HttpUrl.Resolve(url, documentUrl, out var problem);
        if (resolved is null) log.Error(urlPointer, $"The base URL must be an absolute http(s) URL. {problem}");
        return resolved;
    }

    private static string? ReplaceVariables(string template, JsonElement server, string urlPointer, IssueLog log)
    {
        var missing = new List<string>();
        var url = Variable().Replace(template, match =>
        {
            var name = match.Groups[1].Value;
            if (server.TryGetProperty("variables", out var variables) && variables.ValueKind == JsonValueKind.Object
                && variables.TryGetProperty(name, out var variable) && variable.ValueKind == JsonValueKind.Object
                && variable.TryGetProperty("default", out var value) && value.ValueKind == JsonValueKind.String)
                return value.GetString()!;
            missing.Add(name);
            return match.Value;
        });
        if (missing.Count == 0) return url;
        log.Error(urlPointer, $"The server URL uses {string.Join(", ", missing.Select(name => $"{{{name}}}"))} without a string default in servers[0].variables.");
        return null;
    }

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex Variable();
}
