using IndieGent.Contracts.Idempotency;

namespace IndieGent.Ledger.Providers;

/// <summary>Book a confirmed sweep's share of this provider's earnings.</summary>
public sealed record BookSweptEarnings(Guid SweepId, Guid AgentId, long Amount, DateTimeOffset Now);

/// <summary>Start a payout of everything ready, when it is at least <paramref name="Minimum"/>.</summary>
public sealed record StartPayout(long Minimum, DateTimeOffset Now);

/// <summary>How a payout ended.</summary>
public sealed record FinishPayout(Guid PayoutId, bool Settled, long Amount, string? TxHash, long? BlockNumber, string? Reason, DateTimeOffset Now);

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

    public static IReadOnlyList<object> Decide(ProviderAccount account, FinishPayout command)
    {
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
