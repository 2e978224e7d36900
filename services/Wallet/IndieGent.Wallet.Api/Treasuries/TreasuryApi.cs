using System.Security.Claims;
using IndieGent.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Wallet.Api.Treasuries;

/// <summary>Operator: its treasury wallet (created on first use for an operator that has none yet).</summary>
public static class TreasuryApi
{
    public static IEndpointRouteBuilder MapTreasuryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/treasury", GetTreasury).WithTags("Treasury").RequireAuthorization(IdentityPolicies.Operator);
        return app;
    }

    /// <param name="Address">EIP-55 address of the treasury's custodial wallet.</param>
    public sealed record TreasuryView(Guid TreasuryId, Guid OperatorId, string Address, DateTimeOffset CreatedAt);

    public static async Task<Ok<TreasuryView>> GetTreasury(ClaimsPrincipal user, OperatorTreasuries treasuries, CancellationToken ct)
    {
        var treasury = await treasuries.GetOrCreateAsync(user.OperatorId()!.Value, ct);
        return TypedResults.Ok(new TreasuryView(treasury.Id, treasury.OperatorId, treasury.Address, treasury.CreatedAt));
    }
}
