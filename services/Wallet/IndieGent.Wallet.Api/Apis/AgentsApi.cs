using IndieGent.Contracts.ApiKeys;
using MassTransit;
using IndieGent.Contracts.Agents;
using System.Security.Claims;
using IndieGent.ServiceDefaults.Identity;
using IndieGent.Wallet.Agents;
using IndieGent.Wallet.Api.Custody;
using IndieGent.Wallet.ApiKeys;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Wallet.Api.Apis;

/// <summary>Operator: agents, their wallets and their keys. An operator only ever sees its own agents.</summary>
public static class AgentsApi
{
    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        var agents = app.MapGroup("/v1/agents").WithTags("Agents").RequireAuthorization(IdentityPolicies.Operator);
        agents.MapPost("/", CreateAgent);
        agents.MapGet("/", ListAgents);
        agents.MapGet("/{agentId:guid}", GetAgent);
        agents.MapPost("/{agentId:guid}/disable", DisableAgent);
        agents.MapPost("/{agentId:guid}/keys", CreateAgentKey);
        agents.MapGet("/{agentId:guid}/keys", ListAgentKeys);
        app.MapDelete("/v1/keys/{keyId}", RevokeKey).WithTags("Keys").RequireAuthorization(IdentityPolicies.Operator);
        return app;
    }

    public sealed record CreateAgentRequest(string? Name);

    /// <param name="ApiKey">The agent key in plaintext: shown this once, stored only as a hash.</param>
    public sealed record AgentCreatedResponse(AgentView Agent, string KeyId, string ApiKey);

    /// <param name="ApiKey">Shown this once, stored only as a hash.</param>
    public sealed record KeyCreated(string KeyId, string Role, Guid AgentId, DateTimeOffset CreatedAt, string ApiKey);

    public static async Task<Results<Created<AgentCreatedResponse>, ValidationProblem>> CreateAgent(
        CreateAgentRequest request, ClaimsPrincipal user, AgentWallets wallets, HttpContext http, CancellationToken ct)
    {
        if (Agent.ValidateName(request.Name) is { } error)
            return WalletProblems.Invalid(new Dictionary<string, string[]> { ["name"] = [error] });

        var (agent, key) = await wallets.CreateAsync(user.OperatorId()!.Value, request.Name!.Trim(), ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/v1/agents/{agent.Id}", new AgentCreatedResponse(AgentView.From(agent), key.Stored.Id, key.Plaintext));
    }

    public static async Task<Ok<IReadOnlyList<AgentView>>> ListAgents(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var operatorId = user.OperatorId()!.Value;
        var agents = await session.Query<Agent>().Where(a => a.OperatorId == operatorId).OrderBy(a => a.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<AgentView>>(agents.Select(AgentView.From).ToList());
    }

    public static async Task<Results<Ok<AgentView>, ProblemHttpResult>> GetAgent(
        Guid agentId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        await LoadOwnAsync(session, user, agentId, ct) is { } agent
            ? TypedResults.Ok(AgentView.From(agent))
            : WalletProblems.AgentNotFound(agentId);

    public static async Task<Results<Ok<AgentView>, ProblemHttpResult>> DisableAgent(
        Guid agentId, ClaimsPrincipal user, IDocumentSession session, IPublishEndpoint publish, TimeProvider time,
        ILoggerFactory loggers, CancellationToken ct)
    {
        if (await LoadOwnAsync(session, user, agentId, ct) is not { } agent)
            return WalletProblems.AgentNotFound(agentId);
        if (!agent.Disabled)
        {
            agent = agent with { Disabled = true };
            session.Store(agent);
            // Through the outbox, with the change: the Ledger stops reserving for the agent.
            await publish.Publish(new AgentDisabled(agentId, agent.OperatorId, time.GetUtcNow()), ct);
            await session.SaveChangesAsync(ct);
            loggers.CreateLogger(typeof(AgentsApi)).LogInformation("Disabled agent {AgentId}", agentId);
        }

        return TypedResults.Ok(AgentView.From(agent));
    }

    public static async Task<Results<Created<KeyCreated>, ProblemHttpResult>> CreateAgentKey(
        Guid agentId, ClaimsPrincipal user, IDocumentSession session, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (await LoadOwnAsync(session, user, agentId, ct) is not { } agent)
            return WalletProblems.AgentNotFound(agentId);
        if (agent.Disabled)
            return WalletProblems.Of("agent-disabled", "Agent disabled", $"Agent {agentId} is disabled; it gets no new keys.",
                StatusCodes.Status409Conflict);

        var key = ApiKeyFormat.Issue(ApiKeyRole.Agent, agent.OperatorId, agent.Id, time.GetUtcNow());
        session.Insert(key.Stored);
        await session.SaveChangesAsync(ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/v1/keys/{key.Stored.Id}",
            new KeyCreated(key.Stored.Id, "agent", agent.Id, key.Stored.CreatedAt, key.Plaintext));
    }

    /// <summary>An API key as its owner sees it: never its secret (shown once, when it was made).</summary>
    public sealed record KeyView(string KeyId, string Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    /// <summary>The agent's keys, newest first, revoked ones included (with when).</summary>
    public static async Task<Results<Ok<IReadOnlyList<KeyView>>, ProblemHttpResult>> ListAgentKeys(
        Guid agentId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (await LoadOwnAsync(session, user, agentId, ct) is not { } agent)
            return WalletProblems.AgentNotFound(agentId);
        var keys = await session.Query<ApiKey>()
            .Where(k => k.OperatorId == agent.OperatorId && k.AgentId == agentId)
            .OrderByDescending(k => k.CreatedAt)
            .Take(1000)
            .ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<KeyView>>(keys.Select(k => new KeyView(k.Id, "agent", k.CreatedAt, k.RevokedAt)).ToList());
    }

    /// <summary>Revokes one of the operator's keys (its own or one of its agents'); revoking twice is fine.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(
        string keyId, ClaimsPrincipal user, IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var key = keyId.Length <= ApiKeyShape.MaxLength ? await session.LoadAsync<ApiKey>(keyId, ct) : null;
        if (key is null || key.OperatorId != user.OperatorId())
            return WalletProblems.Of("key-not-found", "Key not found", $"No key {keyId} belongs to this operator.", StatusCodes.Status404NotFound);
        if (!key.IsRevoked)
        {
            session.Store(key with { RevokedAt = time.GetUtcNow() });
            await session.SaveChangesAsync(ct);
        }

        return TypedResults.NoContent();
    }

    /// <summary>Another operator's agent is indistinguishable from no agent at all (404, never 403).</summary>
    internal static async Task<Agent?> LoadOwnAsync(IQuerySession session, ClaimsPrincipal user, Guid agentId, CancellationToken ct) =>
        await session.LoadAsync<Agent>(agentId, ct) is { } agent && agent.OperatorId == user.OperatorId() ? agent : null;
}
