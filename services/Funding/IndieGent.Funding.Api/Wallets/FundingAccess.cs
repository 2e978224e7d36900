using System.Security.Claims;
using IndieGent.ServiceDefaults.Identity;
using Marten;

namespace IndieGent.Funding.Api.Wallets;

/// <summary>
/// Who may see and fund an agent's wallet: its operator and an admin (and the agent itself for
/// reading its own). Anything else — a treasury's id among them — looks exactly like a missing agent,
/// so ids cannot be probed.
/// </summary>
public static class FundingAccess
{
    public static async Task<FundedWallet?> ReadableAsync(IQuerySession session, Guid agentId, ClaimsPrincipal user, CancellationToken ct)
    {
        var wallet = await session.LoadAsync<FundedWallet>(agentId, ct);
        return wallet is { IsTreasury: false } && MayRead(user, wallet) ? wallet : null;
    }

    public static async Task<FundedWallet?> FundableAsync(IQuerySession session, Guid agentId, ClaimsPrincipal user, CancellationToken ct)
    {
        var wallet = await session.LoadAsync<FundedWallet>(agentId, ct);
        return wallet is { IsTreasury: false } && MayFund(user, wallet) ? wallet : null;
    }

    private static bool MayRead(ClaimsPrincipal user, FundedWallet wallet) =>
        MayFund(user, wallet) || (user.IndieGentRole() == IdentityRoles.Agent && user.AgentId() == wallet.Id);

    private static bool MayFund(ClaimsPrincipal user, FundedWallet wallet) => user.IndieGentRole() switch
    {
        IdentityRoles.Operator => user.OperatorId() == wallet.OperatorId,
        IdentityRoles.Admin => true,
        _ => false,
    };
}
