using IndieGent.Contracts.Agents;
using MassTransit;
using ConcurrencyException = JasperFx.ConcurrencyException;
using System.Globalization;
using System.Security.Claims;
using IndieGent.ServiceDefaults.Identity;
using IndieGent.Wallet.Policies;
using Marten;
using JasperFx;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Wallet.Api.Apis;

/// <summary>
/// Operator: an agent's spending policy. The ETag is the policy version; a PUT must send it back in
/// <c>If-Match</c> (except for the very first policy), so two editors cannot overwrite each other.
/// </summary>
public static class PoliciesApi
{
    public static IEndpointRouteBuilder MapPoliciesApi(this IEndpointRouteBuilder app)
    {
        var policy = app.MapGroup("/v1/agents/{agentId:guid}/policy").WithTags("Policies").RequireAuthorization(IdentityPolicies.Operator);
        policy.MapGet("/", GetPolicy);
        policy.MapPut("/", PutPolicy);
        return app;
    }

    /// <param name="Version">0 until the operator first sets a policy (the agent is then unrestricted).</param>
    public sealed record PolicyView(Guid AgentId, int Version, SpendingPolicy Policy, DateTimeOffset? UpdatedAt);

    public static async Task<Results<Ok<PolicyView>, ProblemHttpResult>> GetPolicy(
        Guid agentId, ClaimsPrincipal user, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        if (await AgentsApi.LoadOwnAsync(session, user, agentId, ct) is null)
            return WalletProblems.AgentNotFound(agentId);
        var stored = await session.LoadAsync<AgentPolicy>(agentId, ct);
        var view = stored is null
            ? new PolicyView(agentId, 0, SpendingPolicy.Unrestricted, null)
            : new PolicyView(agentId, stored.Version, stored.Policy, stored.UpdatedAt);
        http.Response.Headers.ETag = ETag(view.Version);
        return TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<PolicyView>, ValidationProblem, ProblemHttpResult>> PutPolicy(
        Guid agentId, SpendingPolicy? policy, ClaimsPrincipal user, IDocumentSession session, TimeProvider time,
        IPublishEndpoint publish, HttpContext http, ILoggerFactory loggers, CancellationToken ct)
    {
        if (await AgentsApi.LoadOwnAsync(session, user, agentId, ct) is not { } agent)
            return WalletProblems.AgentNotFound(agentId);

        var (normalised, errors) = SpendingPolicyValidator.Validate(policy);
        if (normalised is null)
            return WalletProblems.Invalid(errors);

        var stored = await session.LoadAsync<AgentPolicy>(agentId, ct);
        var current = stored?.Version ?? 0;
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(ifMatch))
        {
            if (stored is not null)
                return WalletProblems.Of("precondition-required", "If-Match required",
                    $"Send If-Match with the ETag of the policy you changed (currently {ETag(current)}).", StatusCodes.Status428PreconditionRequired);
        }
        else if (ParseETag(ifMatch) != current)
        {
            return WalletProblems.Of("policy-version-conflict", "Policy changed",
                $"The policy is at version {current} ({ETag(current)}); reload it and apply your change again.",
                StatusCodes.Status412PreconditionFailed);
        }

        var now = time.GetUtcNow();
        var updated = new AgentPolicy(agentId, agent.OperatorId, current + 1, normalised, now);
        if (stored is null)
            session.Insert(updated);
        else
            session.Store(updated);
        // Through the outbox: the Ledger learns the policy exactly when it is committed here.
        await publish.Publish(new SpendingPolicyChanged(agentId, agent.OperatorId, updated.Version,
            normalised.MaxPerPayment, normalised.DailyBudget, normalised.MonthlyBudget,
            normalised.AllowedRecipients ?? [], normalised.DeniedRecipients ?? [], normalised.AllowedHosts ?? [], normalised.DeniedHosts ?? [],
            normalised.ApprovalThreshold, now, normalised.AutoTopUp), ct);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is ConcurrencyException or DocumentAlreadyExistsException)
        {
            return WalletProblems.Of("policy-version-conflict", "Policy changed",
                "The policy changed while this request was applied; reload it and apply your change again.",
                StatusCodes.Status412PreconditionFailed);
        }

        loggers.CreateLogger(typeof(PoliciesApi)).LogInformation("Agent {AgentId} policy is now version {Version}", agentId, updated.Version);
        http.Response.Headers.ETag = ETag(updated.Version);
        return TypedResults.Ok(new PolicyView(agentId, updated.Version, updated.Policy, updated.UpdatedAt));
    }

    private static string ETag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    // Strong comparison is what If-Match requires; a weak tag or a list never matches.
    private static int? ParseETag(string value) =>
        value.Length > 2 && value[0] == '"' && value[^1] == '"' &&
        int.TryParse(value.AsSpan(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;
}
