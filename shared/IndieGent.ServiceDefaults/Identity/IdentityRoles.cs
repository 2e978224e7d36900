namespace IndieGent.ServiceDefaults.Identity;

/// <summary>The roles a forwarded identity can carry (also the names of the authorization policies' roles).</summary>
public static class IdentityRoles
{
    /// <summary>An operator key: manages its own agents, keys and policies.</summary>
    public const string Operator = "operator";

    /// <summary>An agent key: pays and reads its own wallet, never administers.</summary>
    public const string Agent = "agent";

    /// <summary>IndieGent staff: creates operators.</summary>
    public const string Admin = "admin";

    /// <summary>The Gateway itself, calling internal endpoints (API key verification).</summary>
    public const string Gateway = "gateway";

    /// <summary>True for a role this version understands; anything else is refused rather than guessed.</summary>
    public static bool IsKnown(string? role) => role is Operator or Agent or Admin or Gateway;
}
