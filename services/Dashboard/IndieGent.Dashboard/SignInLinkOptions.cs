namespace IndieGent.Dashboard;

/// <summary>
/// Section <c>Dashboard:SignInLink</c>: development only. A one-time link (<c>/session/link?token={Token}</c>)
/// that signs its holder in as the operator whose key is <see cref="ApiKey"/>; the AppHost sets both for
/// its demo operator and prints the link. Unset (production), the link signs nobody in.
/// </summary>
public sealed class SignInLinkOptions
{
    public const string Section = "Dashboard:SignInLink";

    /// <summary>Shortest token accepted: a link must not be guessable.</summary>
    public const int MinimumTokenLength = 32;

    /// <summary>The link's secret path segment (URL-safe, at least <see cref="MinimumTokenLength"/> characters).</summary>
    public string? Token { get; set; }

    /// <summary>The operator key the link signs in with (checked with the Gateway like a typed one).</summary>
    public string? ApiKey { get; set; }

    /// <summary>True when both halves are set.</summary>
    public bool Enabled => Token is { Length: > 0 } && ApiKey is { Length: > 0 };

    /// <summary>What is wrong with the settings, naming the setting; null when they are usable (both set, or neither).</summary>
    public string? Problem() => (Token is { Length: > 0 }, ApiKey is { Length: > 0 }) switch
    {
        (true, false) => $"{Section}:ApiKey is missing: a sign-in link needs the operator key it signs in with.",
        (false, true) => $"{Section}:Token is missing: a sign-in link needs its token.",
        (true, true) when Token!.Length < MinimumTokenLength => $"{Section}:Token is shorter than {MinimumTokenLength} characters.",
        _ => null,
    };
}
