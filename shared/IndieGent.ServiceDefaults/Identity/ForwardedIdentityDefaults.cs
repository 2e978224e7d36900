namespace IndieGent.ServiceDefaults.Identity;

/// <summary>Names and limits of the forwarded-identity scheme.</summary>
public static class ForwardedIdentityDefaults
{
    /// <summary>The authentication scheme name.</summary>
    public const string Scheme = "ForwardedIdentity";

    /// <summary>The header the Gateway sets: <c>&lt;base64url JSON&gt;.&lt;base64url HMAC-SHA256&gt;</c>.</summary>
    public const string HeaderName = "X-IndieGent-Identity";

    /// <summary>
    /// How far <see cref="ForwardedIdentity.IssuedAt"/> may be from now, either way. Short, because a
    /// captured header is a bearer credential until it goes stale.
    /// </summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromSeconds(60);

    /// <summary>Header values beyond this are refused before any parsing work.</summary>
    public const int MaxHeaderLength = 2048;
}
