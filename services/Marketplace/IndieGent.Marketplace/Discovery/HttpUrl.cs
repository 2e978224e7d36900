using System.Text.RegularExpressions;

namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// The URLs a listing keeps: absolute http or https, with a host and without user information (a
/// catalogue must never store or show credentials). A relative reference resolves against a base.
/// </summary>
internal static partial class HttpUrl
{
    public static bool IsAbsoluteHttp(Uri uri) =>
        uri.IsAbsoluteUri
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0
        && uri.UserInfo.Length == 0;

    /// <summary>
    /// Resolves <paramref name="text"/> to an absolute http(s) URL, against <paramref name="baseUrl"/>
    /// when it is a relative reference. <paramref name="problem"/> says why not otherwise.
    /// </summary>
    public static Uri? Resolve(string text, Uri? baseUrl, out string? problem)
    {
        problem = null;
        if (text.Length == 0 || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            problem = $"{Excerpt.Quote(text)} is not a URL (it is empty or holds spaces or control characters).";
            return null;
        }
        Uri? uri;
        // Checked by its text: on Unix, Uri would take "/v1" for an absolute file: URI.
        if (SchemePrefix().IsMatch(text))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out uri))
            {
                problem = $"{Excerpt.Quote(text)} is not a valid URL.";
                return null;
            }
        }
        else if (baseUrl is null)
        {
            problem = $"{Excerpt.Quote(text)} is relative, and there is no document URL to resolve it against.";
            return null;
        }
        else if (!Uri.TryCreate(baseUrl, text, out uri))
        {
            problem = $"{Excerpt.Quote(text)} is not a valid relative URL.";
            return null;
        }
        if (uri.UserInfo.Length > 0)
        {
            problem = "The URL must not carry a user name or password.";
            return null;
        }
        if (!IsAbsoluteHttp(uri))
        {
            problem = $"{Excerpt.Quote(text)} is not an http or https URL.";
            return null;
        }
        return uri;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex SchemePrefix();
}
