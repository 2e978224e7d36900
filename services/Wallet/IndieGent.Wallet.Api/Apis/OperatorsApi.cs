using IndieGent.ServiceDefaults.Identity;
using IndieGent.Wallet.Agents;
using IndieGent.Wallet.Api.Treasuries;
using IndieGent.Wallet.ApiKeys;
using IndieGent.Wallet.Operators;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Wallet.Api.Apis;

/// <summary>Admin: create operators (with their first operator key and their treasury).</summary>
public static class OperatorsApi
{
    public static IEndpointRouteBuilder MapOperatorsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/operators", CreateOperator).WithTags("Operators").RequireAuthorization(IdentityPolicies.Admin);
        return app;
    }

    public sealed record CreateOperatorRequest(string? Name);

    /// <param name="ApiKey">The operator key in plaintext: shown this once, stored only as a hash.</param>
    /// <param name="TreasuryAddress">The operator's treasury wallet (EIP-55), created with it.</param>
    public sealed record OperatorCreated(Guid Id, string Name, DateTimeOffset CreatedAt, string KeyId, string ApiKey, Guid TreasuryId,
        string TreasuryAddress);

    public static async Task<Results<Created<OperatorCreated>, ValidationProblem>> CreateOperator(
        CreateOperatorRequest request, IDocumentSession session, OperatorTreasuries treasuries, TimeProvider time, HttpContext http,
        CancellationToken ct)
    {
        if (Agent.ValidateName(request.Name) is { } error)
            return WalletProblems.Invalid(new Dictionary<string, string[]> { ["name"] = [error] });

        var now = time.GetUtcNow();
        var op = new Operator(Guid.CreateVersion7(now), request.Name!.Trim(), now);
        var key = ApiKeyFormat.Issue(ApiKeyRole.Operator, op.Id, null, now);
        session.Insert(op);
        session.Insert(key.Stored);
        // The treasury (and its announcement, through the outbox) commits with the operator.
        var treasury = await treasuries.AddAsync(op.Id, ct);
        await session.SaveChangesAsync(ct);
        treasuries.LogCreated(op.Id, treasury.Address);

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/v1/operators/{op.Id}", new OperatorCreated(op.Id, op.Name, op.CreatedAt, key.Stored.Id, key.Plaintext,
            treasury.Id, treasury.Address));
    }
}
