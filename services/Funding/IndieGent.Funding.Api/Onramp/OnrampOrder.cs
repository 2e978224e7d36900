using IndieGent.Funding.Onramp;

namespace IndieGent.Funding.Api.Onramp;

/// <summary>
/// A card purchase of USDC for an agent's wallet through Coinbase Onramp (id derived from the agent
/// and the request's Idempotency-Key). Coinbase's reports move it forward only
/// (<see cref="OnrampOrderStatuses.MayMove"/>); only a credited deposit with Coinbase's transaction
/// hash completes it, and the order itself never credits anything.
/// </summary>
public sealed class OnrampOrder
{
    public Guid Id { get; set; }

    public Guid AgentId { get; set; }

    public Guid OperatorId { get; set; }

    /// <summary>What the operator pays, e.g. "25.00" "USD".</summary>
    public string PaymentAmount { get; set; } = "";

    public string PaymentCurrency { get; set; } = "";

    public string PurchaseCurrency { get; set; } = "";

    public string DestinationAddress { get; set; } = "";

    public string DestinationNetwork { get; set; } = "";

    /// <summary>Our reference at Coinbase (the order id, "sandbox-" first in sandbox mode): webhooks and the status API name the order by it.</summary>
    public string PartnerUserRef { get; set; } = "";

    public string OnrampUrl { get; set; } = "";

    /// <summary>Coinbase's quote, as it sent it (JSON).</summary>
    public string? Quote { get; set; }

    public OnrampOrderStatus Status { get; set; }

    public string? CoinbaseTransactionId { get; set; }

    public string? CoinbaseStatus { get; set; }

    /// <summary>USDC Coinbase says it delivered, as it wrote it (e.g. "24.50").</summary>
    public string? PurchaseAmount { get; set; }

    public string? TxHash { get; set; }

    public string? FailureReason { get; set; }

    /// <summary>The credited deposit that completed the order.</summary>
    public string? DepositId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The last time Coinbase told us anything (a webhook or a poll).</summary>
    public DateTimeOffset? LastReportAt { get; set; }

    public DateTimeOffset? LastPolledAt { get; set; }

    /// <summary>Applies a report from Coinbase; true when it changed the order.</summary>
    public bool Apply(CoinbaseReport report, DateTimeOffset now)
    {
        LastReportAt = now;
        var next = CoinbaseTransactionStatus.ToOrderStatus(report.Status, report.TxHash);
        if (!OnrampOrderStatuses.MayMove(Status, next))
            return false;
        Status = next;
        CoinbaseStatus = report.Status;
        CoinbaseTransactionId = report.TransactionId ?? CoinbaseTransactionId;
        PurchaseAmount = report.PurchaseAmount ?? PurchaseAmount;
        if (CoinbaseTransactionStatus.HasTxHash(report.TxHash))
            TxHash = report.TxHash!.ToLowerInvariant();
        if (next == OnrampOrderStatus.Failed)
            FailureReason = report.FailureReason ?? "Coinbase reported the purchase as failed.";
        UpdatedAt = now;
        return true;
    }

    /// <summary>The deposit Coinbase's transaction made was credited to this order's agent; true when that completed the order.</summary>
    public bool Complete(Guid agentId, string depositId, DateTimeOffset now)
    {
        if (Status != OnrampOrderStatus.AwaitingChain || agentId != AgentId)
            return false;
        Status = OnrampOrderStatus.Completed;
        DepositId = depositId;
        UpdatedAt = now;
        return true;
    }
}

/// <summary>What Coinbase reports about a purchase, from a webhook or the status API.</summary>
public sealed record CoinbaseReport(string? TransactionId, string? Status, string? TxHash, string? PurchaseAmount, string? FailureReason);
