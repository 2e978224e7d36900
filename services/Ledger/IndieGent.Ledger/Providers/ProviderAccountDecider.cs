using IndieGent.Contracts.Idempotency;

namespace IndieGent.Ledger.Providers;

/// <summary>Book a confirmed sweep's share of this provider's earnings.</summary>
public sealed record BookSweptEarnings(Guid SweepId, Guid AgentId, long Amount, DateTimeOffset Now);

/// <summary>Start a payout of everything ready, when it is at least <paramref name="Minimum"/>.</summary>
public sealed record StartPayout(long Minimum, DateTimeOffset Now);

/// <summary>How a payout ended.</summary>
public sealed record FinishPayout(Guid PayoutId, bool Settled, long Amount, string? TxHash, long? BlockNumber, string? Reason, DateTimeOffset Now);

/// <summary>A confirmed sweep that brought <paramref name="Amount"/> of the provider's earnings left the chain.</summary>
public sealed record ReopenSweptEarnings(Guid SweepId, long Amount, DateTimeOffset Now);

/// <summary>A confirmed payout whose transfer <paramref name="TxHash"/> left the chain.</summary>
public sealed record ReopenPayout(Guid PayoutId, long Amount, string TxHash, DateTimeOffset Now);

/// <summary>
/// Pure decisions on a provider account, like <see cref="Accounts.AgentAccountDecider"/>: a command
/// already decided yields no events; the caller appends with optimistic concurrency.
/// </summary>
public static class ProviderAccountDecider
{
    public static IReadOnlyList<object> Decide(ProviderAccount account, BookSweptEarnings command) =>
        command.Amount <= 0 || account.SweepsBooked.Contains(command.SweepId)
            ? []
            : [new ProviderEarningsSwept(account.Id, command.SweepId, command.AgentId, command.Amount, command.Now)];

    /// <summary>One payout at a time, of everything the settlement wallet holds for the provider, from the minimum up.</summary>
    public static IReadOnlyList<object> Decide(ProviderAccount account, StartPayout command) =>
        account.Payout is not null || account.ReadyToPay <= 0 || account.ReadyToPay < command.Minimum
            ? []
            : [new PayoutStarted(account.Id, ProviderAccounts.PayoutIdFor(account.Id, account.PayoutsStarted), account.ReadyToPay, command.Now)];

    /// <summary>Takes back earnings a reorganised-out sweep had booked (once; booked again when the sweep is confirmed anew).</summary>
    public static IReadOnlyList<object> Decide(ProviderAccount account, ReopenSweptEarnings command) =>
        command.Amount > 0 && account.SweepsBooked.Contains(command.SweepId)
            ? [new ProviderEarningsReopened(account.Id, command.SweepId, command.Amount, command.Now)]
            : [];

    /// <summary>A confirmed payout is in flight again. Nothing for a payout under way, already reopened, or given up (never booked as paid).</summary>
    public static IReadOnlyList<object> Decide(ProviderAccount account, ReopenPayout command) =>
        command.Amount <= 0 || account.Payout?.PayoutId == command.PayoutId || account.ReopenedPayouts.ContainsKey(command.PayoutId) ||
        account.FailedPayouts.Contains(command.PayoutId)
            ? []
            : [new PayoutReopened(account.Id, command.PayoutId, command.Amount, command.TxHash, command.Now)];

    public static IReadOnlyList<object> Decide(ProviderAccount account, FinishPayout command)
    {
        // Reopened by a reorganisation: confirmed anew, or failed (its amount ready for the next payout).
        if (account.ReopenedPayouts.TryGetValue(command.PayoutId, out var reopened))
        {
            return command.Settled
                ? [new PayoutSettled(account.Id, command.PayoutId, reopened, command.TxHash!, command.BlockNumber!.Value, command.Now)]
                : [new PayoutFailed(account.Id, command.PayoutId, command.Reason ?? "failed", command.Now)];
        }

        if (account.Payout?.PayoutId != command.PayoutId)
        {
            // Confirmed after it was given up: the money left the settlement wallet all the same.
            return command.Settled && account.FailedPayouts.Contains(command.PayoutId)
                ? [new PayoutSettled(account.Id, command.PayoutId, command.Amount, command.TxHash!, command.BlockNumber!.Value, command.Now)]
                : [];
        }

        return command.Settled
            ? [new PayoutSettled(account.Id, command.PayoutId, account.Payout.Amount, command.TxHash!, command.BlockNumber!.Value, command.Now)]
            : [new PayoutFailed(account.Id, command.PayoutId, command.Reason ?? "failed", command.Now)];
    }
}

/// <summary>Ids of provider accounts and their payouts, derived so that every replica names the same ones.</summary>
public static class ProviderAccounts
{
    private static readonly Guid Namespace = new("5e1a7e00-0000-4000-8000-0000000000a1");

    /// <summary>The provider account of a payout address (any case).</summary>
    public static Guid IdOf(string payoutAddress) => IdempotentIds.From(Namespace, payoutAddress.ToLowerInvariant());

    public static Guid PayoutIdFor(Guid providerAccountId, int number) => IdempotentIds.From(providerAccountId, $"indiegent/marketplace-payout/v1/{number}");
}
