namespace IndieGent.Payments.Protocol.Http;

/// <summary>
/// One challenge (or credentials) from a <c>WWW-Authenticate</c> / <c>Authorization</c> value, as the
/// RFC 9110 grammar sees it. Scheme-specific rules (required parameters, duplicates) are applied by
/// the caller; this type only records what was on the wire.
/// </summary>
public sealed class AuthChallenge
{
    internal AuthChallenge(string scheme, string? token68, IReadOnlyList<AuthParameter> parameters, IReadOnlyList<string> malformedParameters, bool hasUnparsedText)
    {
        Scheme = scheme;
        Token68 = token68;
        Parameters = parameters;
        MalformedParameters = malformedParameters;
        HasUnparsedText = hasUnparsedText;
    }

    /// <summary>The auth-scheme as written (compare with <see cref="HasScheme"/>).</summary>
    public string Scheme { get; }

    /// <summary>The token68 form, when the challenge carries one instead of auth-params.</summary>
    public string? Token68 { get; }

    /// <summary>The well-formed auth-params in wire order, duplicates included.</summary>
    public IReadOnlyList<AuthParameter> Parameters { get; }

    /// <summary>
    /// Names of auth-params whose value could not be read (unterminated quoted-string, control
    /// characters, empty token). Callers reject these when the parameter matters to them and ignore
    /// them otherwise.
    /// </summary>
    public IReadOnlyList<string> MalformedParameters { get; }

    /// <summary>Whether text that fits no grammar rule was skipped inside this challenge.</summary>
    public bool HasUnparsedText { get; }

    /// <summary>Whether the scheme equals <paramref name="scheme"/>, ignoring case.</summary>
    /// <param name="scheme">The scheme to compare with.</param>
    /// <returns><see langword="true"/> on a case-insensitive match.</returns>
    public bool HasScheme(string scheme) => string.Equals(Scheme, scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Finds the first parameter named <paramref name="name"/>, ignoring case.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The unescaped value when found.</param>
    /// <returns><see langword="true"/> when the parameter is present and well-formed.</returns>
    public bool TryGetParameter(string name, out string value)
    {
        foreach (var parameter in Parameters)
        {
            if (string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = parameter.Value;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    /// <summary>Whether a parameter named <paramref name="name"/> was present but malformed.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns><see langword="true"/> when the parameter's value could not be read.</returns>
    public bool IsMalformed(string name)
    {
        foreach (var malformed in MalformedParameters)
        {
            if (string.Equals(malformed, name, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    /// <summary>The first parameter name that occurs more than once (well-formed or not), if any.</summary>
    /// <returns>The repeated name, or <see langword="null"/>.</returns>
    public string? FindDuplicateParameter()
    {
        if (Parameters.Count + MalformedParameters.Count < 2)
            return null;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in Parameters)
        {
            if (!seen.Add(parameter.Name))
                return parameter.Name;
        }

        foreach (var name in MalformedParameters)
        {
            if (!seen.Add(name))
                return name;
        }

        return null;
    }
}
