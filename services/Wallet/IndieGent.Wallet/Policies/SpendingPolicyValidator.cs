using IndieGent.Chain;

namespace IndieGent.Wallet.Policies;

/// <summary>
/// Validates a policy and normalises it (addresses to EIP-55, hosts to lower case, duplicates
/// removed), so the stored form compares simply. Errors are keyed by field for a 400 problem.
/// </summary>
public static class SpendingPolicyValidator
{
    public static (SpendingPolicy? Normalised, Dictionary<string, string[]> Errors) Validate(SpendingPolicy? policy)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (policy is null)
        {
            errors["policy"] = ["A policy body is required."];
            return (null, errors);
        }

        NonNegative(policy.MaxPerPayment, "maxPerPayment", errors);
        NonNegative(policy.DailyBudget, "dailyBudget", errors);
        NonNegative(policy.MonthlyBudget, "monthlyBudget", errors);
        NonNegative(policy.ApprovalThreshold, "approvalThreshold", errors);
        if (policy.DailyBudget is { } daily && policy.MonthlyBudget is { } monthly && daily > monthly)
            errors["dailyBudget"] = ["The daily budget cannot exceed the monthly budget."];

        if (policy.AutoTopUp is { } topUp)
        {
            if (topUp.Threshold < 0)
                errors["autoTopUp.threshold"] = ["Must be a non-negative integer in the token's base units."];
            if (topUp.Target <= topUp.Threshold)
                errors["autoTopUp.target"] = ["Must be above the threshold: a top-up refills to the target."];
            if (topUp.DailyMaximum < topUp.Target - topUp.Threshold)
                errors["autoTopUp.dailyMaximum"] = ["Must allow at least one refill from the threshold to the target."];
        }

        var allowedRecipients = Addresses(policy.AllowedRecipients, "allowedRecipients", errors);
        var deniedRecipients = Addresses(policy.DeniedRecipients, "deniedRecipients", errors);
        var allowedHosts = Hosts(policy.AllowedHosts, "allowedHosts", errors);
        var deniedHosts = Hosts(policy.DeniedHosts, "deniedHosts", errors);

        return errors.Count > 0
            ? (null, errors)
            : (new SpendingPolicy(policy.MaxPerPayment, policy.DailyBudget, policy.MonthlyBudget,
                allowedRecipients, deniedRecipients, allowedHosts, deniedHosts, policy.ApprovalThreshold, policy.AutoTopUp), errors);
    }

    private static void NonNegative(long? value, string field, Dictionary<string, string[]> errors)
    {
        if (value < 0)
            errors[field] = ["Must be a non-negative integer in the token's base units."];
    }

    private static List<string> Addresses(IReadOnlyList<string>? values, string field, Dictionary<string, string[]> errors)
    {
        var result = new List<string>();
        if (values is null)
            return result;
        if (values.Count > SpendingPolicy.MaxListLength)
        {
            errors[field] = [$"At most {SpendingPolicy.MaxListLength} entries."];
            return result;
        }

        var problems = new List<string>();
        foreach (var value in values)
        {
            if (EvmAddress.TryParse(value, out var address) && !address.IsZero)
                result.Add(address.ToChecksumHex());
            else
                problems.Add($"'{Truncate(value)}' is not a valid non-zero EVM address (0x + 40 hex digits).");
        }

        if (problems.Count > 0)
            errors[field] = [.. problems];
        return result.Distinct(StringComparer.Ordinal).ToList();
    }

    private static List<string> Hosts(IReadOnlyList<string>? values, string field, Dictionary<string, string[]> errors)
    {
        var result = new List<string>();
        if (values is null)
            return result;
        if (values.Count > SpendingPolicy.MaxListLength)
        {
            errors[field] = [$"At most {SpendingPolicy.MaxListLength} entries."];
            return result;
        }

        var problems = new List<string>();
        foreach (var value in values)
        {
            var host = value?.Trim().TrimEnd('.').ToLowerInvariant();
            // A bare DNS name: no scheme, port, path or wildcard; subdomains are covered by the rule itself.
            if (host is { Length: > 0 and <= 253 } && Uri.CheckHostName(host) == UriHostNameType.Dns && host.Contains('.', StringComparison.Ordinal))
                result.Add(host);
            else
                problems.Add($"'{Truncate(value)}' is not a valid host name (e.g. api.example.com).");
        }

        if (problems.Count > 0)
            errors[field] = [.. problems];
        return result.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Truncate(string? value) => value is null ? "null" : value.Length <= 64 ? value : value[..64] + "…";
}
