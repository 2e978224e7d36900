namespace IndieGent.Marketplace.Catalog;

/// <summary>
/// A price for the calls of one route of a service, where it differs from the service's price.
/// <see cref="Path"/> is relative to the service (what follows <c>/v1/marketplace/{slug}</c>):
/// literal segments, <c>{name}</c> for any one segment, and a last <c>**</c> for anything below.
/// </summary>
/// <param name="Method">An HTTP method, or <c>*</c> for any.</param>
public sealed record RoutePrice(string Method, string Path, long Price)
{
    public bool Matches(string method, string path)
    {
        if (Method != "*" && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
            return false;
        var pattern = Segments(Path);
        var actual = Segments(path);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == "**")
                return true;
            if (i >= actual.Length)
                return false;
            if (!IsParameter(pattern[i]) && !string.Equals(pattern[i], actual[i], StringComparison.Ordinal))
                return false;
        }

        return pattern.Length == actual.Length;
    }

    /// <summary>The price of a call: the first route that matches, else the service's own.</summary>
    public static long PriceOf(IReadOnlyList<RoutePrice> routes, long price, string method, string path) =>
        routes.FirstOrDefault(r => r.Matches(method, path))?.Price ?? price;

    internal static bool IsParameter(string segment) => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';

    internal static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
