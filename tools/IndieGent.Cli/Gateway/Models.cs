namespace IndieGent.Cli.Gateway;

// The Gateway's answers, with the fields the CLI shows (--json prints each answer as it came, every field included).

public sealed record AgentView(Guid Id, Guid OperatorId, string Name, string WalletAddress, bool Disabled, DateTimeOffset CreatedAt);

public sealed record AgentCreated(AgentView Agent, string KeyId, string ApiKey);

public sealed record KeyCreated(string KeyId, string Role, Guid AgentId, DateTimeOffset CreatedAt, string ApiKey);

public sealed record KeyView(string KeyId, string Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record WalletView(Guid AgentId, string WalletAddress, bool Disabled, long ChainId, string Currency, long Available, long Pending,
    long Posted, long MarketplaceUnswept);

public sealed record BalanceView(Guid AgentId, string Currency, long Available, long Pending, long Posted, long Credits, int OpenHolds,
    long MarketplaceUnswept);

public sealed record TreasuryView(Guid TreasuryId, string Address, long ChainId, string Currency, long Available, long Pending, long Posted);

public sealed record PaymentView(
    Guid Id, Guid AgentId, string Status, string? Hold, long Amount, string? Recipient, string? Host, string? ChallengeId, string? Reason,
    string? Detail, string? TxHash, long? BlockNumber, DateTimeOffset? ValidBefore, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt);

public sealed record PaymentPage(IReadOnlyList<PaymentView> Items, DateTimeOffset? NextBefore);

/// <summary>One server-sent event of <c>GET /v1/payments/events</c>.</summary>
public sealed record PaymentEvent(Guid PaymentId, Guid AgentId, string Status, string Amount, string? TxHash, string? Reason, string? Detail,
    DateTimeOffset At);

public sealed record TokenView(string Address, string Symbol, int Decimals);

public sealed record DepositView(string Id, string Amount, string AmountFormatted, string? From, string TxHash, long BlockNumber, string Status,
    DateTimeOffset DetectedAt, DateTimeOffset? CreditedAt);

public sealed record OnrampOrderView(Guid Id, Guid AgentId, string Status, string PaymentAmount, string PaymentCurrency, string OnrampUrl,
    string? PurchaseAmount, string? TxHash, string? FailureReason, DateTimeOffset CreatedAt);

public sealed record FundingView(Guid AgentId, long ChainId, TokenView Token, string Address, string PaymentUri, int MinimumConfirmations,
    bool CardOnrampAvailable, IReadOnlyList<DepositView> Deposits, IReadOnlyList<OnrampOrderView>? OnrampOrders);

public sealed record AuditEntry(long Sequence, DateTimeOffset At, Guid AgentId, string Event, Guid? PaymentId, long? Amount, string? Merchant,
    string? Host, string? TxHash, string? ChallengeId, string? Detail);
