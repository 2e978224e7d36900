using System.Text.Json;
using System.Text.Json.Serialization;

namespace IndieGent.Dashboard.Gateway;

// The public Gateway API's shapes, as the dashboard reads them (what an operator's own code sees).

public sealed record Agent(Guid Id, Guid OperatorId, string Name, string WalletAddress, bool Disabled, DateTimeOffset CreatedAt);

public sealed record AgentCreated(Agent Agent, string KeyId, string ApiKey);

public sealed record KeyCreated(string KeyId, string Role, Guid AgentId, DateTimeOffset CreatedAt, string ApiKey);

public sealed record ApiKeyView(string KeyId, string Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record Balance(Guid AgentId, string Currency, long Available, long Pending, long Posted, long Credits, int OpenHolds,
    long MarketplaceUnswept);

public sealed record Spend(Guid AgentId, DateOnly Day, long SpentToday, long? DailyBudget, string Month, long SpentThisMonth, long? MonthlyBudget);

public sealed record Payment(Guid Id, Guid AgentId, string Status, string? Hold, long Amount, string? Recipient, string? Host, string? ChallengeId,
    string? Reason, string? Detail, string? TxHash, long? BlockNumber, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt);

public sealed record PaymentPage(IReadOnlyList<Payment> Items, DateTimeOffset? NextBefore);

public sealed record AuditEntry(long Sequence, DateTimeOffset At, Guid AgentId, string Event, Guid? PaymentId, long? Amount, string? Merchant, string? Host,
    string? TxHash, string? ChallengeId, string? Detail);

/// <param name="Days">One amount per day from <paramref name="From"/>, in order.</param>
public sealed record AgentSpend(Guid AgentId, long Total, IReadOnlyList<long> Days);

public sealed record SpendReport(DateOnly From, DateOnly To, IReadOnlyList<AgentSpend> Agents);

public sealed record PaymentMix(DateTimeOffset Since, int Total, IReadOnlyDictionary<string, int> ByStatus);

public sealed record Treasury(Guid TreasuryId, string Address, long ChainId, string Currency, long Available, long Pending, long Posted);

public sealed record FundingToken(string Address, string Symbol, int Decimals);

public sealed record Deposit(string Id, string Amount, string AmountFormatted, string From, string TxHash, long BlockNumber, string Status,
    DateTimeOffset DetectedAt, DateTimeOffset? CreditedAt);

public sealed record OnrampOrder(Guid Id, Guid AgentId, string Status, string PaymentAmount, string PaymentCurrency, string PurchaseCurrency,
    string OnrampUrl, string? PurchaseAmount, string? TxHash, string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <param name="QrCodeSvg">The EIP-681 payment URI as a QR code (SVG markup, drawn by the Funding service).</param>
public sealed record Funding(Guid AgentId, long ChainId, FundingToken Token, string Address, string PaymentUri, string QrCodeSvg,
    int MinimumConfirmations, bool CardOnrampAvailable, IReadOnlyList<Deposit> Deposits, IReadOnlyList<OnrampOrder> OnrampOrders);

/// <param name="Origin">operator, auto-top-up or platform.</param>
public sealed record Transfer(Guid Id, Guid AgentId, string Direction, string Amount, string From, string To, string Status, string? TxHash,
    string? Reason, string? Detail, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt, string Origin);

public sealed record RoutePrice(string Method, string Path, string Price);

public sealed record ServiceStats(long Calls, double? SuccessRate, double? P50LatencyMs);

public sealed record RatingSummary(double? Average, long Count);

public sealed record ServiceProvider(Guid Id, string Name);

public sealed record MarketplaceService(string Slug, string Kind, string Name, string Category, IReadOnlyList<string> Categories, string Description,
    ServiceProvider Provider, string Price, string MinPrice, string Currency, IReadOnlyList<RoutePrice> Routes, string Status, string? CallUrl,
    string? BaseUrl, IReadOnlyList<string> Docs, ServiceStats Stats, RatingSummary Rating, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record ServiceSearch(IReadOnlyList<MarketplaceService> Services, long Total, int Limit, int Offset);

/// <summary>Refill from the treasury to <paramref name="Target"/> when a payment leaves less than <paramref name="Threshold"/>, at most <paramref name="DailyMaximum"/> a day.</summary>
public sealed record AutoTopUp(long Threshold, long Target, long DailyMaximum);

/// <summary>The whole policy (a PUT replaces it).</summary>
public sealed record Policy(long? MaxPerPayment, long? DailyBudget, long? MonthlyBudget, IReadOnlyList<string>? AllowedRecipients,
    IReadOnlyList<string>? DeniedRecipients, IReadOnlyList<string>? AllowedHosts, IReadOnlyList<string>? DeniedHosts, long? ApprovalThreshold,
    AutoTopUp? AutoTopUp = null);

public sealed record PolicyView(Guid AgentId, int Version, Policy Policy, DateTimeOffset? UpdatedAt);

/// <summary>An agent with its money, as the overview and the agents list show it.</summary>
public sealed record AgentSummary(Agent Agent, Balance? Balance, Spend? Spend)
{
    /// <summary>Today's spend as a share of the daily budget (0–1), or null without a budget.</summary>
    public double? DailyShare => Spend is { DailyBudget: > 0 } s ? Math.Min(1, (double)s.SpentToday / s.DailyBudget.Value) : null;

    public bool NearBudget => DailyShare >= 0.8;
}

/// <summary>An RFC 9457 problem the Gateway answered with.</summary>
public sealed class GatewayProblem(int status, string? type, string title, string? detail, IReadOnlyDictionary<string, string[]> errors)
    : Exception(detail ?? title)
{
    public int Status => status;
    public string? Type => type;
    public string Title => title;
    public string? Detail => detail;
    public IReadOnlyDictionary<string, string[]> Errors => errors;

    internal static async Task<GatewayProblem> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        try
        {
            var body = await response.Content.ReadFromJsonAsync<ProblemBody>(GatewayClient.Json, ct);
            if (body is not null)
                return new GatewayProblem(status, body.Type, body.Title ?? response.ReasonPhrase ?? "Error", body.Detail,
                    body.Errors ?? new Dictionary<string, string[]>());
        }
        catch (JsonException)
        {
            // Not a problem document: the status says what there is to say.
        }

        return new GatewayProblem(status, null, response.ReasonPhrase ?? $"HTTP {status}", null, new Dictionary<string, string[]>());
    }

    private sealed record ProblemBody(string? Type, string? Title, string? Detail, [property: JsonPropertyName("errors")] Dictionary<string, string[]>? Errors);
}
