using IndieGent.Contracts.ApiKeys;
using IndieGent.ServiceDefaults.Identity;
using IndieGent.Wallet.Agents;
using IndieGent.Wallet.Api.Custody;
using IndieGent.Wallet.ApiKeys;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Wallet.Api.Apis;

/// <summary>
/// Endpoints only the Gateway (API key verification) or an admin (key rotation) may call; the
/// forwarded-identity signature proves the caller.
/// </summary>
public static class InternalApi
{
    public static IEndpointRouteBuilder MapInternalApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/api-keys/verify", VerifyApiKey).WithTags("Internal").RequireAuthorization(IdentityPolicies.Gateway);
        app.MapPost("/internal/master-keys/rewrap", Rewrap).WithTags("Internal").RequireAuthorization(IdentityPolicies.Admin);
        return app;
    }

    public sealed record VerifyApiKeyRequest(string? ApiKey);

    public sealed record VerifiedApiKey(string Role, Guid OperatorId, Guid? AgentId, string KeyId);

    public sealed record Rewrapped(int Count, string ActiveKeyId);

    /// <summary>
    /// Answers who a raw API key belongs to, or 401. Every failure (malformed, unknown, revoked, wrong
    /// secret, disabled agent) looks the same to the caller.
    /// </summary>
    public static async Task<Results<Ok<VerifiedApiKey>, ProblemHttpResult>> VerifyApiKey(
        VerifyApiKeyRequest request, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var invalid = WalletProblems.Of("invalid-api-key", "Invalid API key", "The API key is not valid.", StatusCodes.Status401Unauthorized);
        if (!ApiKeyShape.TryParse(request.ApiKey, out var keyId, out var secret))
            return invalid;

        var key = await session.LoadAsync<ApiKey>(keyId, ct);
        if (key is null || key.IsRevoked || !key.Matches(secret))
            return invalid;
        if (key.Role == ApiKeyRole.Agent && (await session.LoadAsync<Agent>(key.AgentId!.Value, ct)) is not { Disabled: false })
            return invalid;

        var role = key.Role == ApiKeyRole.Agent ? IdentityRoles.Agent : IdentityRoles.Operator;
        return TypedResults.Ok(new VerifiedApiKey(role, key.OperatorId, key.AgentId, key.Id));
    }

    /// <summary>Moves every custodial key envelope (agents' and the platform relayer's) to the active master key (run after adding and activating a new key).</summary>
    public static async Task<Ok<Rewrapped>> Rewrap(AgentWallets wallets, Wallet.Custody.MasterKeyRing keys, CancellationToken ct) =>
        TypedResults.Ok(new Rewrapped(await wallets.RewrapAllAsync(ct), keys.ActiveKeyId));
}
