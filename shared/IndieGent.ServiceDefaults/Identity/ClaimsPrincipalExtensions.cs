using System.Security.Claims;

namespace IndieGent.ServiceDefaults.Identity;

/// <summary>Reads the forwarded identity back from an authenticated principal.</summary>
public static class ClaimsPrincipalExtensions
{
    public static string? IndieGentRole(this ClaimsPrincipal user) => user.FindFirstValue(IdentityClaimTypes.Role);

    public static string? KeyId(this ClaimsPrincipal user) => user.FindFirstValue(IdentityClaimTypes.KeyId);

    public static Guid? OperatorId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(IdentityClaimTypes.OperatorId), out var id) ? id : null;

    public static Guid? AgentId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(IdentityClaimTypes.AgentId), out var id) ? id : null;
}
