using System.Security.Claims;

namespace IndieGent.ServiceDefaults.Identity;

/// <summary>The one mapping between a <see cref="ForwardedIdentity"/> and the claims services authorize on.</summary>
public static class ForwardedIdentityPrincipal
{
    /// <summary>A principal carrying the identity's role, key id, operator and agent as claims.</summary>
    public static ClaimsPrincipal Create(ForwardedIdentity identity, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var claims = new List<Claim>
        {
            new(IdentityClaimTypes.Role, identity.Role),
            new(IdentityClaimTypes.KeyId, identity.KeyId),
        };
        if (identity.OperatorId is { } operatorId)
            claims.Add(new(IdentityClaimTypes.OperatorId, operatorId.ToString()));
        if (identity.AgentId is { } agentId)
            claims.Add(new(IdentityClaimTypes.AgentId, agentId.ToString()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, IdentityClaimTypes.KeyId, IdentityClaimTypes.Role));
    }

    /// <summary>The identity a principal made by <see cref="Create"/> stands for, stamped <paramref name="issuedAt"/>.</summary>
    public static ForwardedIdentity? ToForwardedIdentity(this ClaimsPrincipal user, DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(user);
        var role = user.IndieGentRole();
        var keyId = user.FindFirst(IdentityClaimTypes.KeyId)?.Value;
        return role is null || keyId is null ? null : new ForwardedIdentity(role, user.OperatorId(), user.AgentId(), keyId, issuedAt);
    }
}
