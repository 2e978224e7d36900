using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using IndieGent.Contracts.Idempotency;
using IndieGent.Contracts.Treasuries;
using IndieGent.Funding.Api.Apis;
using IndieGent.Funding.Api.Wallets;
using IndieGent.Funding.Deposits;
using IndieGent.Funding.Onramp;
using IndieGent.Messaging;
using IndieGent.ServiceDefaults.Identity;
using Marten;
using Microsoft.Extensions.Options;

namespace IndieGent.Funding.Api.Onramp;

/// <summary>
/// The card on-ramp: <c>POST /v1/agents/{id}/funding/onramp</c> (or <c>/v1/treasury/funding/onramp</c>
/// for the operator's treasury) opens a Coinbase Onramp checkout for the wallet and records the order;
/// <c>GET …/onramp/{orderId}</c> says where it stands.
/// </summary>
public static partial class OnrampApi
{
    private const int FiatDecimals = 2;

    public static IEndpointRouteBuilder MapOnrampApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/agents/{agentId:guid}/funding/onramp").WithTags("Funding").RequireAuthorization();
        group.MapPost("/", CreateOrder);
        group.MapGet("/{orderId:guid}", GetOrder);
        var treasury = app.MapGroup("/v1/treasury/funding/onramp").WithTags("Funding").RequireAuthorization(IdentityPolicies.Operator);
        treasury.MapPost("/", CreateTreasuryOrder);
        treasury.MapGet("/{orderId:guid}", GetTreasuryOrder);
        return app;
    }

    /// <param name="Amount">What the operator pays, in <paramref name="Currency"/> (e.g. "25.00" USD).</param>
    /// <param name="RedirectUrl">Where Coinbase sends the operator after checkout (https).</param>
    public sealed record CreateOrderRequest(string? Amount, string? Currency, string? RedirectUrl);

    public sealed record OrderView(
        Guid Id, Guid AgentId, string Status, string PaymentAmount, string PaymentCurrency, string PurchaseCurrency, string DestinationAddress,
        string DestinationNetwork, string OnrampUrl, JsonElement? Quote, string? PurchaseAmount, string? TxHash, string? DepositId,
        string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public static OrderView View(OnrampOrder o) =>
        new(o.Id, o.AgentId, StatusName(o.Status), o.PaymentAmount, o.PaymentCurrency, o.PurchaseCurrency, o.DestinationAddress,
            o.DestinationNetwork, o.OnrampUrl, o.Quote is null ? null : JsonDocument.Parse(o.Quote).RootElement.Clone(), o.PurchaseAmount, o.TxHash,
            o.DepositId, o.FailureReason, o.CreatedAt, o.UpdatedAt);

    public static string StatusName(OnrampOrderStatus status) => status switch
    {
        OnrampOrderStatus.Created => "created",
        OnrampOrderStatus.InProgress => "in-progress",
        OnrampOrderStatus.AwaitingChain => "awaiting-chain",
        OnrampOrderStatus.Completed => "completed",
        _ => "failed",
    };

    public static async Task<IResult> CreateOrder(Guid agentId, CreateOrderRequest? request, HttpContext http, ClaimsPrincipal user,
        IDocumentSession session, CoinbaseOnrampClient coinbase, IOptions<OnrampOptions> options, TimeProvider time, ILoggerFactory loggers,
        CancellationToken ct) =>
        await FundingAccess.FundableAsync(session, agentId, user, ct) is { } wallet
            ? await CreateAsync(wallet, $"/v1/agents/{agentId}/funding/onramp", request, http, session, coinbase, options.Value, time, loggers, ct)
            : FundingProblems.AgentNotFound(agentId);

    public static async Task<IResult> CreateTreasuryOrder(CreateOrderRequest? request, HttpContext http, ClaimsPrincipal user,
        IDocumentSession session, CoinbaseOnrampClient coinbase, IOptions<OnrampOptions> options, TimeProvider time, ILoggerFactory loggers,
        CancellationToken ct) =>
        await TreasuryOfAsync(session, user, ct) is { } treasury
            ? await CreateAsync(treasury, "/v1/treasury/funding/onramp", request, http, session, coinbase, options.Value, time, loggers, ct)
            : FundingProblems.TreasuryNotFound();

    private static async Task<IResult> CreateAsync(FundedWallet wallet, string basePath, CreateOrderRequest? request, HttpContext http,
        IDocumentSession session, CoinbaseOnrampClient coinbase, OnrampOptions settings, TimeProvider time, ILoggerFactory loggers,
        CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var agentId = wallet.Id;
        var key = http.Request.Headers[IdempotentIds.Header].ToString();
        if (!IdempotentIds.IsValidKey(key))
            return FundingProblems.Of("idempotency-key-required", "Idempotency-Key required",
                "Send an Idempotency-Key header (1–255 visible ASCII characters) so a retried request opens one order.", StatusCodes.Status400BadRequest);
        if (!settings.Enabled)
            return FundingProblems.Of("onramp-unavailable", "Card on-ramp unavailable",
                "This platform has no Coinbase Onramp key configured; fund the wallet by a USDC deposit instead.", StatusCodes.Status503ServiceUnavailable);

        var currency = request?.Currency?.Trim().ToUpperInvariant();
        if (currency is null || !settings.PaymentCurrencies.Contains(currency, StringComparer.Ordinal))
            return FundingProblems.Of("unsupported-currency", "Unsupported currency",
                $"'currency' must be one of {string.Join(", ", settings.PaymentCurrencies)}.", StatusCodes.Status400BadRequest);
        if (!TokenAmount.TryParse(request!.Amount, FiatDecimals, out var cents))
            return FundingProblems.InvalidAmount($"'amount' must be a positive amount of {currency} with at most {FiatDecimals} decimals, e.g. 25.00.");
        var amount = (decimal)cents / 100m;
        if (amount < settings.MinimumAmount || amount > settings.MaximumAmount)
            return FundingProblems.Of("amount-out-of-range", "Amount out of range",
                $"A card purchase is between {settings.MinimumAmount.ToString(CultureInfo.InvariantCulture)} and {settings.MaximumAmount.ToString(CultureInfo.InvariantCulture)} {currency}.",
                StatusCodes.Status422UnprocessableEntity);
        var redirect = request.RedirectUrl ?? settings.DefaultRedirectUrl;
        if (redirect is not null && (!Uri.TryCreate(redirect, UriKind.Absolute, out var redirectUri) || redirectUri.Scheme is not ("https" or "http")))
            return FundingProblems.Of("invalid-redirect-url", "Invalid redirect URL", "'redirectUrl' must be an absolute http(s) URL.",
                StatusCodes.Status400BadRequest);

        var orderId = IdempotentIds.From(agentId, key);
        var paymentAmount = TokenAmount.Format(cents, FiatDecimals);
        if (await session.LoadAsync<OnrampOrder>(orderId, ct) is { } known)
            return Replay(known, paymentAmount, currency);

        var partnerUserRef = (settings.Sandbox ? "sandbox-" : "") + orderId.ToString("N");
        var created = await coinbase.CreateSessionAsync(new CoinbaseOnrampClient.SessionRequest(wallet.Address, settings.DestinationNetwork, "USDC",
            paymentAmount, currency, settings.PaymentMethod, settings.Country, settings.Subdivision, partnerUserRef, redirect), ct);
        if (created.OnrampUrl is null)
        {
            LogRefused(loggers.CreateLogger(typeof(OnrampApi)), agentId, created.Status, created.ErrorType);
            return FundingProblems.Of("onramp-refused", "Coinbase refused the purchase",
                $"Coinbase Onramp answered {created.Status} ({created.ErrorType ?? "no error type"}): {created.ErrorMessage ?? "no message"}",
                created.Status is >= 400 and < 500 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status502BadGateway);
        }

        var now = time.GetUtcNow();
        var order = new OnrampOrder
        {
            Id = orderId,
            AgentId = agentId,
            OperatorId = wallet.OperatorId,
            PaymentAmount = paymentAmount,
            PaymentCurrency = currency,
            PurchaseCurrency = "USDC",
            DestinationAddress = wallet.Address,
            DestinationNetwork = settings.DestinationNetwork,
            PartnerUserRef = partnerUserRef,
            OnrampUrl = created.OnrampUrl,
            Quote = created.Quote,
            Status = OnrampOrderStatus.Created,
            CreatedAt = now,
            UpdatedAt = now,
        };
        session.Insert(order);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (MartenConflicts.IsAlreadyInserted(e))
        {
            // A concurrent retry of the same request was first: its order is the one (this session is unused).
            await using var again = session.DocumentStore.QuerySession();
            return Replay((await again.LoadAsync<OnrampOrder>(orderId, ct))!, paymentAmount, currency);
        }

        return TypedResults.Created($"{basePath}/{orderId}", View(order));
    }

    public static async Task<IResult> GetOrder(Guid agentId, Guid orderId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        await FundingAccess.ReadableAsync(session, agentId, user, ct) is not null
            ? await OrderOfAsync(agentId, orderId, session, ct)
            : FundingProblems.AgentNotFound(agentId);

    public static async Task<IResult> GetTreasuryOrder(Guid orderId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        await TreasuryOfAsync(session, user, ct) is { } treasury
            ? await OrderOfAsync(treasury.Id, orderId, session, ct)
            : FundingProblems.TreasuryNotFound();

    private static async Task<IResult> OrderOfAsync(Guid walletId, Guid orderId, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<OnrampOrder>(orderId, ct) is { } order && order.AgentId == walletId
            ? TypedResults.Ok(View(order))
            : FundingProblems.Of("order-not-found", "Order not found", $"The wallet has no on-ramp order {orderId}.", StatusCodes.Status404NotFound);

    /// <summary>The calling operator's treasury wallet, once Funding heard of it.</summary>
    public static async Task<FundedWallet?> TreasuryOfAsync(IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var operatorId = user.OperatorId()!.Value;
        return await session.LoadAsync<FundedWallet>(TreasuryIds.Of(operatorId), ct) is { IsTreasury: true } treasury && treasury.OperatorId == operatorId
            ? treasury
            : null;
    }

    private static IResult Replay(OnrampOrder known, string amount, string currency) =>
        known.PaymentAmount == amount && known.PaymentCurrency == currency
            ? TypedResults.Ok(View(known))
            : FundingProblems.Of("idempotency-key-reused", "Idempotency-Key already used",
                "This Idempotency-Key opened an order for another amount; use a new key for a new order.", StatusCodes.Status409Conflict);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Coinbase Onramp refused a session for agent {AgentId}: {Status} {ErrorType}")]
    private static partial void LogRefused(ILogger logger, Guid agentId, int status, string? errorType);
}
