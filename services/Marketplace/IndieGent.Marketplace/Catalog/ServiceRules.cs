using System.Text.RegularExpressions;

namespace IndieGent.Marketplace.Catalog;

/// <summary>
/// What a catalog write must satisfy. Each check returns the field's problems (empty when fine), so
/// an API answers every mistake of a request at once, keyed by field.
/// </summary>
public static partial class ServiceRules
{
    public const int MaxRoutes = 50;
    public const int MaxTimeoutSeconds = 120;

    /// <summary>Names the marketplace's own catalog paths use: never a service's slug.</summary>
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.Ordinal)
    {
        "services", "providers", "keys", "imports", "categories", "calls",
    };

    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "*", "GET", "POST", "PUT", "PATCH", "DELETE" };

    /// <summary>Headers a provider's upstream authentication may not set: the proxy owns them.</summary>
    private static readonly HashSet<string> ProxyHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Cookie", "IndieGent-Marketplace-Call", "X-Forwarded-For",
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,46}[a-z0-9]$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[a-z][a-z0-9-]{1,31}$")]
    private static partial Regex CategoryPattern();

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex AddressPattern();

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex HeaderNamePattern();

    [GeneratedRegex("^[A-Za-z0-9._~-]+$|^\\{[A-Za-z_][A-Za-z0-9_]*\\}$|^\\*\\*$")]
    private static partial Regex RouteSegmentPattern();

    public static IEnumerable<string> Slug(string? slug)
    {
        if (string.IsNullOrEmpty(slug) || !SlugPattern().IsMatch(slug) || slug.Contains("--", StringComparison.Ordinal))
            yield return "A slug is 3–48 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.";
        else if (ReservedSlugs.Contains(slug))
            yield return $"'{slug}' is reserved by the marketplace's own paths.";
    }

    public static IEnumerable<string> Name(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
            yield return "A name is 1–100 characters.";
    }

    public static IEnumerable<string> Category(string? category)
    {
        if (string.IsNullOrEmpty(category) || !CategoryPattern().IsMatch(category))
            yield return "A category is 2–32 lower-case letters, digits and hyphens, starting with a letter (e.g. 'travel', 'email', 'search').";
    }

    public static IEnumerable<string> Description(string? description)
    {
        if (description is { Length: > 2000 })
            yield return "A description is at most 2000 characters.";
    }

    public static IEnumerable<string> BaseUrl(string? baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            yield return "The base URL must be an absolute http(s) URL.";
        else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
            yield return "The base URL may not carry a query, a fragment or credentials (use upstreamAuth for credentials).";
    }

    public static IEnumerable<string> Price(long? price, string field = "price")
    {
        if (price is not > 0)
            yield return $"'{field}' must be a positive whole number of the token's base units (USDC has 6 decimals: 10000 = 0.01 USDC).";
    }

    public static IEnumerable<string> PayoutAddress(string? address)
    {
        if (string.IsNullOrEmpty(address) || !AddressPattern().IsMatch(address))
            yield return "The payout address must be a 0x-prefixed 20-byte hex address.";
        else if (address.TrimStart('0', 'x').Length == 0)
            yield return "The payout address may not be the zero address.";
    }

    public static IEnumerable<string> Route(string? method, string? path)
    {
        if (method is null || !Methods.Contains(method))
            yield return "A route's method is one of *, GET, POST, PUT, PATCH, DELETE.";
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Length > 512)
        {
            yield return "A route's path starts with '/' (relative to the service) and is at most 512 characters.";
            yield break;
        }

        var segments = RoutePrice.Segments(path);
        for (var i = 0; i < segments.Length; i++)
        {
            if (!RouteSegmentPattern().IsMatch(segments[i]))
                yield return $"The route segment '{segments[i]}' is neither a literal, a {{parameter}} nor '**'.";
            else if (segments[i] == "**" && i != segments.Length - 1)
                yield return "'**' may only end a route's path.";
        }
    }

    public static IEnumerable<string> UpstreamAuth(string? kind, string? header, string? secret, bool secretKept)
    {
        switch (kind)
        {
            case null or "none":
                yield break;
            case "bearer" or "header":
                if (kind == "header" && (header is null || !HeaderNamePattern().IsMatch(header) || ProxyHeaders.Contains(header)))
                    yield return "A 'header' upstream authentication names the header (letters, digits, hyphens; not one the proxy sets).";
                if (string.IsNullOrEmpty(secret) && !secretKept)
                    yield return "The upstream secret is required (it is stored and never shown again).";
                else if (secret is { Length: > 4096 })
                    yield return "The upstream secret is at most 4096 characters.";
                yield break;
            default:
                yield return "The upstream authentication kind is 'none', 'bearer' or 'header'.";
                yield break;
        }
    }

    public static IEnumerable<string> Timeout(int? seconds)
    {
        if (seconds is { } s && (s < 1 || s > MaxTimeoutSeconds))
            yield return $"The upstream timeout is 1–{MaxTimeoutSeconds} seconds.";
    }

    public static IEnumerable<string> Status(string? status)
    {
        if (status is not (null or "active" or "paused"))
            yield return "A service's status is 'active' or 'paused'.";
    }
}
