using System.Globalization;
using System.Security.Claims;
using IndieGent.Contracts.Idempotency;
using IndieGent.Contracts.Transfers;
using IndieGent.Ledger.Accounts;
using IndieGent.ServiceDefaults.Identity;
using Marten;

namespace IndieGent.Ledger.Api.Transfers;

/// <summary>
/// Operator: move money between its treasury and one of its agents. <c>POST /v1/agents/{id}/funding/transfers</c>
/// with <c>{"direction": "to-agent" | "to-treasury", "amount": "&lt;base units&gt;"}</c> and an
/// Idempotency-Key; <c>GET …/transfers/{transferId}</c> says where it stands. The destination is the
/// agent or the operator's own treasury by construction: the request names nothing else.
/// </summary>
public static class TransfersApi
{
    public const string ToAgent = "to-agent";
    public const string ToTreasury = "to-treasury";

    public static IEndpointRouteBuilder MapTransfersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/agents/{agentId:guid}/funding/transfers").WithTags("Transfers").RequireAuthorization(IdentityPolicies.Operator);
        group.MapPost("/", Create);
        group.MapGet("/", List);
        group.MapGet("/{transferId:guid}", Get);
        return app;
    }

    /// <param name="Amount">Base units of the token as a decimal string of digits (1 USDC = "1000000").</param>
    public sealed record CreateTransferRequest(string? Direction, string? Amount);

    /// <param name="Direction"><c>to-agent</c>, <c>to-treasury</c>, or <c>marketplace-sweep</c> (the platform moving the agent's marketplace spend to the settlement wallet).</param>
    /// <param name="Origin"><c>operator</c> (asked for through this API), <c>auto-top-up</c> (the agent's policy topped it up from the treasury) or <c>platform</c>.</param>
    /// <param name="Status"><c>pending</c> (held, being relayed), <c>submitted</c> (relay sent), <c>completed</c> (confirmed, source debited), <c>failed</c> (hold released).</param>
    public sealed record TransferView(
        Guid Id, Guid AgentId, string Direction, string Amount, string From, string To, string Status, string? TxHash, long? BlockNumber,
        string? Reason, string? Detail, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt, string Origin);

    public const int MaxListSize = 100;

    public static async Task<IResult> Create(Guid agentId, CreateTransferRequest? body, ClaimsPrincipal user, HttpContext http,
        TransferReservations reservations, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var key = http.Request.Headers[IdempotentIds.Header].ToString();
        if (!IdempotentIds.IsValidKey(key))
            return Problem("idempotency-key-required", "Idempotency-Key required",
                "Send an Idempotency-Key header (1–255 visible ASCII characters) so a retried request moves money once.", StatusCodes.Status400BadRequest);
        TransferDirection? direction = body?.Direction switch
        {
            ToAgent => TransferDirection.ToAgent,
            ToTreasury => TransferDirection.ToTreasury,
            _ => null,
        };
        if (direction is null)
            return Problem("invalid-direction", "Invalid direction", $"'direction' must be \"{ToAgent}\" or \"{ToTreasury}\".", StatusCodes.Status400BadRequest);
        if (!TryParseAmount(body!.Amount, out var amount))
            return Problem("invalid-amount", "Invalid amount",
                "'amount' must be a positive whole number of the token's base units, as a string of digits (1 USDC = \"1000000\").",
                StatusCodes.Status400BadRequest);

        var operatorId = user.OperatorId()!.Value;
        var request = new TransferRequest(IdempotentIds.From(operatorId, key), operatorId, agentId, direction.Value, amount, key);
        var decision = await reservations.ReserveAsync(request, ct);
        return decision.Kind switch
        {
            TransferDecisionKind.Accepted => TypedResults.Accepted(Location(decision.Transfer!), View(decision.Transfer!)),
            TransferDecisionKind.Known => TypedResults.Ok(View(decision.Transfer!)),
            TransferDecisionKind.KeyReused => Problem("idempotency-key-reused", "Idempotency-Key already used",
                "This Idempotency-Key was used for another transfer; use a new key for a new transfer.", StatusCodes.Status409Conflict),
            TransferDecisionKind.AgentNotFound => AgentNotFound(agentId),
            TransferDecisionKind.TreasuryNotReady => Problem("treasury-not-ready", "Treasury not ready",
                "The operator's treasury has no ledger account yet (GET /v1/treasury creates it for an operator that predates treasuries); try again shortly.",
                StatusCodes.Status409Conflict),
            _ => Refused(decision, direction.Value),
        };
    }

    public static async Task<IResult> Get(Guid agentId, Guid transferId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<TransferState>(transferId, ct) is { } transfer && transfer.AgentId == agentId && transfer.OperatorId == user.OperatorId()
            ? TypedResults.Ok(View(transfer))
            : Problem("transfer-not-found", "Transfer not found", $"The agent has no transfer {transferId}.", StatusCodes.Status404NotFound);

    /// <summary>The agent's transfers and top-ups, newest first (marketplace sweeps are in the audit trail).</summary>
    public static async Task<IResult> List(Guid agentId, int? limit, ClaimsPrincipal user, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        if (limit is < 1 or > MaxListSize)
            return Problem("invalid-request", "Page size out of range", $"limit must be between 1 and {MaxListSize}.", StatusCodes.Status400BadRequest);
        var operatorId = user.OperatorId()!.Value;
        if (await session.LoadAsync<AgentAccount>(agentId, ct) is not { } account || account.OperatorId != operatorId)
            return AgentNotFound(agentId);
        var transfers = await session.Query<TransferState>()
            .Where(t => t.AgentId == agentId && t.OperatorId == operatorId &&
                        (t.Direction == TransferDirection.ToAgent || t.Direction == TransferDirection.ToTreasury))
            .OrderByDescending(t => t.RequestedAt).Take(limit ?? 50).ToListAsync(ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(transfers.Select(View).ToList());
    }

    public static TransferView View(TransferState t) =>
        new(t.CorrelationId, t.AgentId, DirectionOf(t.Direction), t.Amount.ToString(CultureInfo.InvariantCulture),
            t.From, t.To, StatusOf(t.CurrentState), t.TxHash, t.BlockNumber, t.Reason?.ToString(), t.Detail, t.RequestedAt, t.UpdatedAt,
            OriginOf(t));

    private static string OriginOf(TransferState t) => t.Direction switch
    {
        TransferDirection.ToAgent or TransferDirection.ToTreasury when t.IdempotencyKey.StartsWith(AutoTopUpKeyPrefix, StringComparison.Ordinal) =>
            "auto-top-up",
        TransferDirection.ToAgent or TransferDirection.ToTreasury => "operator",
        _ => "platform",
    };

    /// <summary>The idempotency key of a transfer an auto-top-up started.</summary>
    public const string AutoTopUpKeyPrefix = "auto-top-up:";

    private static string DirectionOf(TransferDirection direction) => direction switch
    {
        TransferDirection.ToAgent => ToAgent,
        TransferDirection.ToTreasury => ToTreasury,
        TransferDirection.Sweep => "marketplace-sweep",
        _ => "payout",
    };

    public static string StatusOf(string state) => state switch
    {
        "Settling" => "pending",
        "Submitted" => "submitted",
        "Completed" => "completed",
        _ => "failed",
    };

    private static string Location(TransferState t) => $"/v1/agents/{t.AgentId}/funding/transfers/{t.CorrelationId}";

    /// <summary>A positive whole number of base units, as a string of at most 19 digits.</summary>
    public static bool TryParseAmount(string? text, out long amount)
    {
        amount = 0;
        return text is { Length: > 0 and <= 19 } && text.All(char.IsAsciiDigit) &&
               long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out amount) && amount > 0;
    }

    private static IResult Refused(TransferDecision decision, TransferDirection direction) => decision.Denial switch
    {
        DenialReason.InsufficientFunds when direction == TransferDirection.ToAgent =>
            Problem("treasury-insufficient-funds", "Treasury short", $"The treasury cannot fund this transfer: {decision.Detail}", StatusCodes.Status422UnprocessableEntity),
        DenialReason.InsufficientFunds =>
            Problem("insufficient-funds", "Insufficient funds", $"The agent cannot fund this transfer: {decision.Detail}", StatusCodes.Status422UnprocessableEntity),
        DenialReason.AccountDisabled =>
            Problem("agent-disabled", "Agent disabled", "A disabled agent's money does not move; enable it or contact support.", StatusCodes.Status409Conflict),
        _ => Problem("invalid-amount", "Invalid amount", decision.Detail ?? "The amount cannot be held.", StatusCodes.Status400BadRequest),
    };

    private static IResult AgentNotFound(Guid agentId) =>
        Problem("agent-not-found", "Agent not found", $"No agent {agentId} belongs to this operator (or its account is still being opened).",
            StatusCodes.Status404NotFound);

    private static IResult Problem(string type, string title, string detail, int status) => ServiceHostExtensions.Problem(type, title, detail, status);
}
