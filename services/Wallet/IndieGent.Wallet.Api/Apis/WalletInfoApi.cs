using System.Security.Claims;
using IndieGent.ServiceDefaults.Identity;
using IndieGent.Wallet.Agents;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Wallet.Api.Apis;

/// <summary>Agent: its own wallet, and nothing else.</summary>
public static class WalletInfoApi
{
    public static IEndpointRouteBuilder MapWalletInfoApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/wallet", GetWallet).WithTags("Wallet").RequireAuthorization(IdentityPolicies.Agent);
        return app;
    }

    public sealed record WalletView(Guid AgentId, string WalletAddress, bool Disabled);

    public static async Task<Results<Ok<WalletView>, ProblemHttpResult>> GetWallet(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var agentId = user.AgentId()!.Value;
        return await session.LoadAsync<Agent>(agentId, ct) is { } agent && agent.OperatorId == user.OperatorId()
            ? TypedResults.Ok(new WalletView(agent.Id, agent.WalletAddress, agent.Disabled))
            : WalletProblems.AgentNotFound(agentId);
    }
}
