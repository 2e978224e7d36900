using IndieGent.Funding.Deposits;

namespace IndieGent.Funding.Api.Deposits;

/// <summary>
/// A deposit to an agent's wallet as the operator sees it (id "chainId:txHash:logIndex", the id
/// the Ledger credits it under). Amount in base units, decimal text; hashes lower case.
/// </summary>
public sealed class DepositRecord
{
    public string Id { get; set; } = "";

    public Guid AgentId { get; set; }

    public string Amount { get; set; } = "";

    public string From { get; set; } = "";

    public string TxHash { get; set; } = "";

    public long LogIndex { get; set; }

    public long BlockNumber { get; set; }

    public DepositStatus Status { get; set; }

    public DateTimeOffset DetectedAt { get; set; }

    public DateTimeOffset? CreditedAt { get; set; }
}
