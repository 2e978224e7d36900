using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using IndieGent.ServiceDefaults;
using IndieGent.ServiceDefaults.Identity;
using Microsoft.Extensions.Options;

namespace IndieGent.Gateway.Api.Apis;

/// <summary><c>GET /v1/wallet</c>: the calling agent's wallet and its ledger balance in one answer.</summary>
public static class WalletApi
{
    public static IEndpointRouteBuilder MapWalletApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/wallet", GetWallet).WithTags("Wallet").RequireAuthorization(IdentityPolicies.Agent);
        return app;
    }

    /// <param name="Available">Base units the agent can spend now (credits less posted and pending debits).</param>
    /// <param name="Pending">Base units held for payments not settled yet.</param>
    /// <param name="Posted">Credits less settled debits: what the agent owns once every hold settles or is released.</param>
    /// <param name="MarketplaceUnswept">Marketplace calls paid in the ledger whose money has not yet left the wallet on chain:
    /// the wallet's on-chain balance is <paramref name="Posted"/> + this.</param>
    public sealed record WalletView(
        Guid AgentId, string WalletAddress, bool Disabled, long ChainId, string Currency, long Available, long Pending, long Posted,
        long MarketplaceUnswept);

    private sealed record WalletInfo(Guid AgentId, string WalletAddress, bool Disabled);

    private sealed record Balance(Guid AgentId, string Currency, long Available, long Pending, long Posted, long MarketplaceUnswept);

    public static async Task<IResult> GetWallet(ClaimsPrincipal user, ServiceClient services, IOptions<ChainSettings> chain, CancellationToken ct)
    {
        var agentId = user.AgentId()!.Value;
        using var walletResponse = await services.SendAsync("wallet", HttpMethod.Get, "/v1/wallet", user, ct);
        using var balanceResponse = await services.SendAsync("ledger", HttpMethod.Get, $"/v1/accounts/{agentId}/balance", user, ct);
        if (walletResponse.StatusCode == HttpStatusCode.NotFound || balanceResponse.StatusCode == HttpStatusCode.NotFound)
            return ServiceHostExtensions.Problem("wallet-not-found", "Wallet not found",
                "The agent's wallet or ledger account does not exist (yet).", StatusCodes.Status404NotFound);
        walletResponse.EnsureSuccessStatusCode();
        balanceResponse.EnsureSuccessStatusCode();
        var wallet = (await walletResponse.Content.ReadFromJsonAsync<WalletInfo>(ct))!;
        var balance = (await balanceResponse.Content.ReadFromJsonAsync<Balance>(ct))!;
        return TypedResults.Ok(new WalletView(agentId, wallet.WalletAddress, wallet.Disabled, chain.Value.ChainId, balance.Currency,
            balance.Available, balance.Pending, balance.Posted, balance.MarketplaceUnswept));
    }
}
