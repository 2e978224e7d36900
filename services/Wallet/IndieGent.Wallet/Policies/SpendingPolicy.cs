namespace IndieGent.Wallet.Policies;

/// <summary>
/// An agent's spending controls as the operator sets them. Amounts are base units of the token;
/// null means no limit. The Ledger enforces them at reservation time.
/// </summary>
/// <param name="AllowedRecipients">When non-empty, only these recipient addresses may be paid.</param>
/// <param name="AllowedHosts">When non-empty, only these merchant hosts (and their subdomains) may be paid.</param>
/// <param name="ApprovalThreshold">Payments above this wait for the operator; null = never.</param>
/// <param name="AutoTopUp">Refill from the operator's treasury below a threshold (the threshold below the target, a daily maximum of at least one refill); null = never.</param>
public sealed record SpendingPolicy(
    long? MaxPerPayment,
    long? DailyBudget,
    long? MonthlyBudget,
    IReadOnlyList<string>? AllowedRecipients,
    IReadOnlyList<string>? DeniedRecipients,
    IReadOnlyList<string>? AllowedHosts,
    IReadOnlyList<string>? DeniedHosts,
    long? ApprovalThreshold,
    IndieGent.Contracts.Agents.AutoTopUp? AutoTopUp = null)
{
    public static SpendingPolicy Unrestricted { get; } = new(null, null, null, [], [], [], [], null);

    /// <summary>Most entries in any one list; keeps a policy document (and every check against it) bounded.</summary>
    public const int MaxListLength = 1000;
}
