using IndieGent.Dashboard.Gateway;

namespace IndieGent.Dashboard.Components.Pages;

/// <summary>The spending-controls form as the browser posts it: amounts in USDC, lists one entry per line.</summary>
public sealed class PolicyForm
{
    public int? Version { get; set; }
    public string? MaxPerPayment { get; set; }
    public string? DailyBudget { get; set; }
    public string? MonthlyBudget { get; set; }
    public string? ApprovalThreshold { get; set; }
    public string? AllowedHosts { get; set; }
    public string? DeniedHosts { get; set; }
    public string? AllowedRecipients { get; set; }
    public string? DeniedRecipients { get; set; }
    public string? TopUpThreshold { get; set; }
    public string? TopUpTarget { get; set; }
    public string? TopUpDailyMaximum { get; set; }

    public static PolicyForm From(PolicyView view) => new()
    {
        Version = view.Version,
        MaxPerPayment = Money.Field(view.Policy.MaxPerPayment),
        DailyBudget = Money.Field(view.Policy.DailyBudget),
        MonthlyBudget = Money.Field(view.Policy.MonthlyBudget),
        ApprovalThreshold = Money.Field(view.Policy.ApprovalThreshold),
        AllowedHosts = Lines(view.Policy.AllowedHosts),
        DeniedHosts = Lines(view.Policy.DeniedHosts),
        AllowedRecipients = Lines(view.Policy.AllowedRecipients),
        DeniedRecipients = Lines(view.Policy.DeniedRecipients),
        TopUpThreshold = Money.Field(view.Policy.AutoTopUp?.Threshold),
        TopUpTarget = Money.Field(view.Policy.AutoTopUp?.Target),
        TopUpDailyMaximum = Money.Field(view.Policy.AutoTopUp?.DailyMaximum),
    };

    /// <summary>The policy to send, or the fields the dashboard could not read (the Gateway validates the rest).</summary>
    public (Policy? Policy, Dictionary<string, string[]> Errors) ToPolicy()
    {
        var errors = new Dictionary<string, string[]>();
        long? Read(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text))
                return null;
            if (Money.TryParseUsdc(text, out var units))
                return units;
            errors[field] = [$"'{text.Trim()}' is not an amount of USDC (up to 6 decimals, like 12.50)."];
            return null;
        }

        // Auto top-up: all three amounts, or none (no top-ups); the API checks how they relate.
        AutoTopUp? topUp = null;
        var parts = new[] { TopUpThreshold, TopUpTarget, TopUpDailyMaximum };
        if (parts.Any(p => !string.IsNullOrWhiteSpace(p)))
        {
            if (parts.Any(string.IsNullOrWhiteSpace))
                errors["autoTopUp"] = ["Give all three amounts for automatic top-ups, or none to turn them off."];
            else if (Read(TopUpThreshold, "autoTopUp.threshold") is { } threshold && Read(TopUpTarget, "autoTopUp.target") is { } target &&
                     Read(TopUpDailyMaximum, "autoTopUp.dailyMaximum") is { } daily)
                topUp = new AutoTopUp(threshold, target, daily);
        }

        var policy = new Policy(Read(MaxPerPayment, "maxPerPayment"), Read(DailyBudget, "dailyBudget"), Read(MonthlyBudget, "monthlyBudget"),
            Split(AllowedRecipients), Split(DeniedRecipients), Split(AllowedHosts), Split(DeniedHosts), Read(ApprovalThreshold, "approvalThreshold"),
            topUp);
        return (errors.Count == 0 ? policy : null, errors);
    }

    private static string Lines(IReadOnlyList<string>? items) => items is null ? "" : string.Join('\n', items);

    private static IReadOnlyList<string> Split(string? text) =>
        (text ?? "").Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
