namespace IndieGent.Contracts.Agents;

/// <summary>
/// The operator set an agent's spending policy (Wallet owns it; the Ledger enforces it).
/// <paramref name="Version"/> grows by one per change, so a redelivered or reordered older
/// version never replaces a newer one. Amounts are base units; null means no limit.
/// </summary>
/// <param name="AllowedRecipients">When non-empty, only these recipients (0x addresses) may be paid.</param>
/// <param name="AllowedHosts">When non-empty, only these hosts (and their subdomains) may be paid.</param>
/// <param name="ApprovalThreshold">Payments above this wait for the operator; null = never.</param>
/// <param name="AutoTopUp">Refill from the operator's treasury below a threshold; null = never.</param>
public sealed record SpendingPolicyChanged(
    Guid AgentId,
    Guid OperatorId,
    int Version,
    long? MaxPerPayment,
    long? DailyBudget,
    long? MonthlyBudget,
    IReadOnlyList<string> AllowedRecipients,
    IReadOnlyList<string> DeniedRecipients,
    IReadOnlyList<string> AllowedHosts,
    IReadOnlyList<string> DeniedHosts,
    long? ApprovalThreshold,
    DateTimeOffset At,
    AutoTopUp? AutoTopUp = null) : ICorrelatedMessage
{
    public Guid CorrelationId => AgentId;
}
