namespace IndieGent.Ledger.Accounts;

/// <summary>
/// Pure decisions on an agent account: given the current state and a command, the events to
/// append. Replaying a command that was already decided yields no events, so a redelivered
/// message changes nothing. The caller appends the events with optimistic concurrency on the
/// stream version it decided on; a concurrent writer makes the append fail and the caller decides
/// again on the newer state — that is what makes "posted + pending never exceed credits or caps"
/// hold under concurrency.
/// </summary>
public static class AgentAccountDecider
{
    public static IReadOnlyList<object> Decide(AgentAccount account, ReserveFunds command)
    {
        if (account.HasSeen(command.PaymentId))
            return [];

        if (Refusal(account, command) is var (reason, detail))
        {
            return [new ReservationDenied(account.AgentId, command.PaymentId, command.Amount, command.Recipient, command.Host,
                reason, detail, command.Now)];
        }

        var awaitingApproval = account.Policy.ApprovalThreshold is { } threshold && command.Amount > threshold;
        var held = new HoldPlaced(account.AgentId, command.PaymentId, command.Amount, command.Recipient, command.Host,
            command.ChallengeId, awaitingApproval, command.Now, command.Kind);
        return TopUpOnCrossing(account, account.When(held), command) is { } topUp ? [held, topUp] : [held];
    }

    /// <summary>
    /// Auto-top-up, decided with the reservation: only the reservation that takes the available
    /// balance from at least the threshold to below it starts one (so a burst of payments crosses
    /// once), only when none is under way, and for at most what is left of the day's maximum.
    /// </summary>
    private static object? TopUpOnCrossing(AgentAccount before, AgentAccount after, ReserveFunds command)
    {
        if (before.Policy.AutoTopUp is not { } rule || before.Available < rule.Threshold || after.Available >= rule.Threshold ||
            before.TopUpInFlight is not null)
            return null;
        var today = DateOnly.FromDateTime(command.Now.UtcDateTime);
        var amount = Math.Min(rule.Target - after.Available, rule.DailyMaximum - before.ToppedUpOn(today));
        return amount > 0
            ? new TopUpTriggered(before.AgentId, TopUpIds.For(before.AgentId, command.PaymentId), command.PaymentId, amount, after.Available, command.Now)
            : new TopUpSkipped(before.AgentId, command.PaymentId, after.Available, before.ToppedUpOn(today), rule.DailyMaximum, command.Now);
    }

    public static IReadOnlyList<object> Decide(AgentAccount account, FinishTopUp command)
    {
        if (account.TopUpInFlight != command.TopUpId)
            return [];
        return command.Settled
            ? [new TopUpSettled(account.AgentId, command.TopUpId, command.TxHash, command.Now)]
            : [new TopUpFailed(account.AgentId, command.TopUpId, command.Reason ?? "failed", command.Detail ?? "The top-up failed.", command.Now)];
    }

    /// <summary>
    /// A hold for a transfer to another wallet of the operator: the balance decides, not the agent's
    /// spending policy (the operator moves its own money; it is not spending). A disabled account moves nothing.
    /// </summary>
    public static IReadOnlyList<object> Decide(AgentAccount account, ReserveTransfer command)
    {
        if (account.HasSeen(command.TransferId))
            return [];
        (DenialReason, string)? refusal = command.Amount <= 0 ? (DenialReason.InvalidAmount, "The amount must be a positive number of base units.")
            : account.Disabled ? (DenialReason.AccountDisabled, "The agent is disabled.")
            : command.Amount > account.Available ? (DenialReason.InsufficientFunds, $"{command.Amount} is more than the {account.Available} available.")
            : null;
        return refusal is var (reason, detail)
            ? [new ReservationDenied(account.AgentId, command.TransferId, command.Amount, command.Recipient, null, reason, detail, command.Now)]
            : [new HoldPlaced(account.AgentId, command.TransferId, command.Amount, command.Recipient, null, null, false, command.Now, HoldKind.Transfer)];
    }

    public static IReadOnlyList<object> Decide(AgentAccount account, CreditFunds command)
    {
        if (command.Amount <= 0)
            throw new ArgumentOutOfRangeException(nameof(command), "A credit must be a positive amount.");
        return account.CreditEntries.Contains(command.EntryId)
            ? []
            : [new FundsCredited(account.AgentId, command.EntryId, command.Amount, command.Source, command.Reference, command.Now)];
    }

    /// <summary>Reverses a credit the account holds, once; a credit never made (or already reversed) reverses nothing.</summary>
    public static IReadOnlyList<object> Decide(AgentAccount account, ReverseCredit command)
    {
        if (command.Amount <= 0)
            throw new ArgumentOutOfRangeException(nameof(command), "A reversal must be a positive amount.");
        return account.CreditEntries.Contains(command.EntryId) && !account.ReversedEntries.Contains(command.EntryId)
            ? [new CreditReversed(account.AgentId, command.EntryId, command.Amount, command.Reason, command.Reference, command.Now)]
            : [];
    }

    public static IReadOnlyList<object> Decide(AgentAccount account, ApproveHold command) =>
        account.OpenHolds.TryGetValue(command.PaymentId, out var hold) && hold.AwaitingApproval
            ? [new HoldApproved(account.AgentId, command.PaymentId, command.Now)]
            : [];

    public static IReadOnlyList<object> Decide(AgentAccount account, CaptureHold command)
    {
        if (account.ClosedPayments.TryGetValue(command.PaymentId, out var outcome) && outcome != PaymentOutcome.Voided)
            return [];
        if (account.OpenHolds.TryGetValue(command.PaymentId, out var hold) && command.Amount > hold.Amount)
        {
            throw new InvalidOperationException(
                $"Payment {command.PaymentId} settled {command.Amount}, more than its hold of {hold.Amount}.");
        }
        if (command.Shares is { } shares && (shares.Count == 0 || shares.Any(s => s.Amount <= 0) || shares.Sum(s => s.Amount) != command.Amount))
            throw new InvalidOperationException($"Payment {command.PaymentId}'s shares do not add up to the {command.Amount} it settled.");
        // A marketplace call moves no money on chain: it is captured from its open hold or not at all.
        if (hold is null && command.Kind == HoldKind.Marketplace)
            return [];
        return [new HoldCaptured(account.AgentId, command.PaymentId, command.Amount, command.TxHash, command.BlockNumber, command.Now, command.Kind,
            command.Shares)];
    }

    /// <summary>
    /// Reopens a captured payment whose settling transaction left the chain: only a payment this account captured, once
    /// per capture (captured again later, it can be reopened again). A marketplace call moves nothing on chain: never reopened.
    /// </summary>
    public static IReadOnlyList<object> Decide(AgentAccount account, ReopenCapture command)
    {
        if (command.Amount <= 0)
            throw new ArgumentOutOfRangeException(nameof(command), "A reopened capture must be a positive amount.");
        return command.Kind != HoldKind.Marketplace && account.ClosedPayments.TryGetValue(command.PaymentId, out var outcome) &&
               outcome == PaymentOutcome.Captured
            ? [new CaptureReopened(account.AgentId, command.PaymentId, command.Amount, command.Recipient, command.Host, command.HeldAt, command.TxHash,
                command.Now, command.Kind)]
            : [];
    }

    /// <summary>
    /// A net sweep of the calls captured since the last one, per provider, when there is at least
    /// the minimum and no sweep is under way. A disabled agent is swept too: it owes for the calls it made.
    /// </summary>
    public static IReadOnlyList<object> Decide(AgentAccount account, StartSweep command)
    {
        if (account.Sweep is not null || account.Sweepable <= 0 || account.Sweepable < command.Minimum)
            return [];
        var shares = account.UnsweptByProvider.Where(p => p.Value > 0).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new ProviderShare(p.Key, p.Value)).ToArray();
        var amount = shares.Sum(s => s.Amount);
        return amount == account.Sweepable
            ? [new MarketplaceSweepStarted(account.AgentId, SweepIds.For(account.AgentId, account.SweepsStarted), amount, shares, command.Now)]
            : throw new InvalidOperationException(
                $"Agent {account.AgentId}'s providers are owed {amount}, but {account.Sweepable} is unswept: the account's marketplace books disagree.");
    }

    public static IReadOnlyList<object> Decide(AgentAccount account, FinishSweep command)
    {
        if (account.Sweep?.SweepId == command.SweepId)
        {
            return command.Settled
                ? [new MarketplaceSwept(account.AgentId, command.SweepId, account.Sweep.Amount, account.Sweep.Shares, command.TxHash!,
                    command.BlockNumber!.Value, command.Now)]
                : [new MarketplaceSweepFailed(account.AgentId, command.SweepId, command.Reason ?? "failed", command.Now)];
        }

        // Reopened by a reorganisation: confirmed anew, or failed (its shares back in the pool).
        if (account.ReopenedSweeps.TryGetValue(command.SweepId, out var reopened))
        {
            return command.Settled
                ? [new MarketplaceSwept(account.AgentId, command.SweepId, reopened.Amount, reopened.Shares, command.TxHash!, command.BlockNumber!.Value,
                    command.Now)]
                : [new MarketplaceSweepFailed(account.AgentId, command.SweepId, command.Reason ?? "failed", command.Now)];
        }

        // Confirmed after it was given up: the chain wins (see AgentAccount). Anything else was already recorded.
        return command.Settled && account.FailedSweeps.Contains(command.SweepId)
            ? [new MarketplaceSwept(account.AgentId, command.SweepId, command.Amount, command.Shares, command.TxHash!, command.BlockNumber!.Value, command.Now)]
            : [];
    }

    /// <summary>
    /// A confirmed sweep's transfer left the chain: its amount is unswept and in flight again. Nothing for a sweep under way,
    /// already reopened, or given up (those were never booked as swept).
    /// </summary>
    public static IReadOnlyList<object> Decide(AgentAccount account, ReopenSweep command) =>
        command.Amount <= 0 || account.Sweep?.SweepId == command.SweepId || account.ReopenedSweeps.ContainsKey(command.SweepId) ||
        account.FailedSweeps.Contains(command.SweepId) || command.Amount != command.Shares.Sum(s => s.Amount)
            ? []
            : [new MarketplaceSweepReopened(account.AgentId, command.SweepId, command.Amount, command.Shares, command.TxHash, command.Now)];

    public static IReadOnlyList<object> Decide(AgentAccount account, DisableAccount command) =>
        account.Disabled ? [] : [new AccountDisabled(account.AgentId, command.Now)];

    public static IReadOnlyList<object> Decide(AgentAccount account, VoidHold command) =>
        account.OpenHolds.ContainsKey(command.PaymentId)
            ? [new HoldVoided(account.AgentId, command.PaymentId, command.Reason, command.Now)]
            : [];

    private static (DenialReason, string)? Refusal(AgentAccount account, ReserveFunds command)
    {
        var policy = account.Policy;
        var amount = command.Amount;
        if (amount <= 0)
            return (DenialReason.InvalidAmount, "The amount must be a positive number of base units.");
        if (account.Disabled)
            return (DenialReason.AccountDisabled, "The agent is disabled.");
        foreach (var recipient in (IEnumerable<string>)[command.Recipient, .. command.AlsoPays ?? []])
        {
            if (Contains(policy.DeniedRecipients, recipient))
                return (DenialReason.RecipientDenied, $"Recipient {recipient} is on the agent's deny list.");
            if (policy.AllowedRecipients.Count > 0 && !Contains(policy.AllowedRecipients, recipient))
                return (DenialReason.RecipientNotAllowed, $"Recipient {recipient} is not on the agent's allow list.");
        }
        if (command.Host is { } host && policy.DeniedHosts.Any(h => HostMatches(host, h)))
            return (DenialReason.HostDenied, $"Host {host} is on the agent's deny list.");
        if (policy.AllowedHosts.Count > 0 && (command.Host is null || !policy.AllowedHosts.Any(h => HostMatches(command.Host, h))))
            return (DenialReason.HostNotAllowed, $"Host {command.Host ?? "(none)"} is not on the agent's allow list.");
        if (policy.MaxPerPayment is { } max && amount > max)
            return (DenialReason.ExceedsPerPaymentLimit, $"{amount} exceeds the per-payment limit of {max}.");

        var today = DateOnly.FromDateTime(command.Now.UtcDateTime);
        if (policy.DailyBudget is { } daily && account.SpentOn(today) + amount > daily)
            return (DenialReason.ExceedsDailyBudget, $"{amount} would bring today's spend to {account.SpentOn(today) + amount}, over the daily budget of {daily}.");
        if (policy.MonthlyBudget is { } monthly && account.SpentIn(today) + amount > monthly)
            return (DenialReason.ExceedsMonthlyBudget, $"{amount} would bring this month's spend to {account.SpentIn(today) + amount}, over the monthly budget of {monthly}.");
        if (amount > account.Available)
            return (DenialReason.InsufficientFunds, $"{amount} is more than the {account.Available} available.");
        return null;
    }

    private static bool Contains(IReadOnlyList<string> addresses, string address) =>
        addresses.Any(a => string.Equals(a, address, StringComparison.OrdinalIgnoreCase));

    // An entry matches the host itself and its subdomains: "example.com" covers "api.example.com".
    private static bool HostMatches(string host, string entry) =>
        string.Equals(host, entry, StringComparison.OrdinalIgnoreCase) ||
        host.EndsWith("." + entry, StringComparison.OrdinalIgnoreCase);
}
