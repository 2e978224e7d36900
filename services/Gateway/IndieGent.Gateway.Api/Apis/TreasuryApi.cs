using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using IndieGent.ServiceDefaults.Identity;
using Microsoft.Extensions.Options;

namespace IndieGent.Gateway.Api.Apis;

/// <summary>
/// <c>GET /v1/treasury</c>: the operator's treasury wallet (the Wallet creates it on first use for an
/// operator that predates treasuries) and its ledger balance in one answer.
/// </summary>
public static class TreasuryApi
{
    public static IEndpointRouteBuilder MapTreasuryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/treasury", GetTreasury).WithTags("Treasury").RequireAuthorization(IdentityPolicies.Operator);
        return app;
    }

    /// <param name="Available">Base units the treasury can move now (credits less posted and pending debits).</param>
    /// <param name="Pending">Base units held for transfers not settled yet.</param>
    /// <param name="Posted">Credits less settled debits: what the wallet holds once every hold settles or is released.</param>
    public sealed record TreasuryView(Guid TreasuryId, string Address, long ChainId, string Currency, long Available, long Pending, long Posted);

    private sealed record TreasuryInfo(Guid TreasuryId, string Address);

    private sealed record Balance(string Currency, long Available, long Pending, long Posted);

    public static async Task<IResult> GetTreasury(ClaimsPrincipal user, ServiceClient services, IOptions<ChainSettings> chain, CancellationToken ct)
    {
        using var treasuryResponse = await services.SendAsync("wallet", HttpMethod.Get, "/v1/treasury", user, ct);
        treasuryResponse.EnsureSuccessStatusCode();
        var treasury = (await treasuryResponse.Content.ReadFromJsonAsync<TreasuryInfo>(ct))!;
        using var balanceResponse = await services.SendAsync("ledger", HttpMethod.Get, $"/v1/accounts/{treasury.TreasuryId}/balance", user, ct);
        // Just created: the Ledger opens the account when it hears of it; until then nothing is in it.
        var balance = balanceResponse.StatusCode == HttpStatusCode.NotFound
            ? new Balance(chain.Value.TokenAddress.ToLowerInvariant(), 0, 0, 0)
            : (await balanceResponse.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Balance>(ct))!;
        return TypedResults.Ok(new TreasuryView(treasury.TreasuryId, treasury.Address, chain.Value.ChainId, balance.Currency, balance.Available,
            balance.Pending, balance.Posted));
    }
}
