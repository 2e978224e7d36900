namespace IndieGent.ServiceDefaults.Identity;

/// <summary>Names and limits of the forwarded-identity scheme.</summary>
public static class ForwardedIdentityDefaults
{
    /// <summary>The authentication scheme name.</summary>
    public const string Scheme = "ForwardedIdentity";

    /// <summary>The header the Gateway sets: an <see cref="IndieGent.Payments.Protocol.Signing.Es256Envelope"/> of the identity and the request it is for.</summary>
    public const string HeaderName = "X-IndieGent-Identity";

    /// <summary>
    /// How far the header's issue time may be from now, either way. Short, because a header is
    /// refused a second time only while the receiving instance remembers its id.
    /// </summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromSeconds(60);

    /// <summary>Header values beyond this are refused before any parsing work.</summary>
    public const int MaxHeaderLength = 4096;
}
