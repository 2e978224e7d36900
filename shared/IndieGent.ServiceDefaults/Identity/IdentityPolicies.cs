namespace IndieGent.ServiceDefaults.Identity;

/// <summary>Authorization policy names registered by <see cref="ForwardedIdentityExtensions.AddForwardedIdentity{TBuilder}"/>.</summary>
public static class IdentityPolicies
{
    /// <summary>Operator keys only (an agent key gets 403).</summary>
    public const string Operator = "Operator";

    /// <summary>Agent keys only.</summary>
    public const string Agent = "Agent";

    /// <summary>Admin identities only.</summary>
    public const string Admin = "Admin";

    /// <summary>The Gateway's own identity, for internal endpoints.</summary>
    public const string Gateway = "Gateway";
}
