namespace IndieGent.Ledger.Accounts;

/// <summary>
/// The spending controls the Ledger enforces when it reserves funds. Wallet owns the policy and
/// publishes changes; the Ledger applies them to the account stream so that a reservation checks
/// balance and policy against one consistent version of the account.
/// </summary>
/// <param name="MaxPerPayment">Largest single payment, base units; null = no limit.</param>
/// <param name="DailyBudget">Most that pending + posted debits may reach per UTC day; null = no limit.</param>
/// <param name="MonthlyBudget">Most per UTC calendar month; null = no limit.</param>
/// <param name="AllowedRecipients">When non-empty, only these recipients (lower-case 0x addresses) may be paid.</param>
/// <param name="DeniedRecipients">Recipients that may never be paid.</param>
/// <param name="AllowedHosts">When non-empty, only these hosts (and their subdomains) may be paid.</param>
/// <param name="DeniedHosts">Hosts (and their subdomains) that may never be paid.</param>
/// <param name="ApprovalThreshold">Payments above this wait for the operator; null = never.</param>
/// <param name="AutoTopUp">Refill from the operator's treasury below a threshold; null = never.</param>
public sealed record SpendingPolicy(
    long? MaxPerPayment,
    long? DailyBudget,
    long? MonthlyBudget,
    IReadOnlyList<string> AllowedRecipients,
    IReadOnlyList<string> DeniedRecipients,
    IReadOnlyList<string> AllowedHosts,
    IReadOnlyList<string> DeniedHosts,
    long? ApprovalThreshold,
    AutoTopUpRule? AutoTopUp = null)
{
    public static SpendingPolicy Unrestricted { get; } = new(null, null, null, [], [], [], [], null);
}
