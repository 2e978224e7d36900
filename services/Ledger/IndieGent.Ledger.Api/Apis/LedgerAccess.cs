using System.Security.Claims;
using IndieGent.ServiceDefaults.Identity;

namespace IndieGent.Ledger.Api.Apis;

/// <summary>
/// Who may read an agent's ledger data: the agent itself, its operator, an admin. Anything else
/// must look exactly like a missing record, so ids cannot be probed.
/// </summary>
public static class LedgerAccess
{
    public static bool MayRead(ClaimsPrincipal user, Guid agentId, Guid? operatorId) => user.IndieGentRole() switch
    {
        IdentityRoles.Agent => user.AgentId() == agentId,
        IdentityRoles.Operator => operatorId is not null && user.OperatorId() == operatorId,
        IdentityRoles.Admin => true,
        _ => false,
    };
}
