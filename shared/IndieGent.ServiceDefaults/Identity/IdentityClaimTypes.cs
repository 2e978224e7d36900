namespace IndieGent.ServiceDefaults.Identity;

/// <summary>Claim types of a principal built from a forwarded identity.</summary>
public static class IdentityClaimTypes
{
    public const string Role = "indiegent:role";
    public const string OperatorId = "indiegent:operator_id";
    public const string AgentId = "indiegent:agent_id";
    public const string KeyId = "indiegent:key_id";
}
