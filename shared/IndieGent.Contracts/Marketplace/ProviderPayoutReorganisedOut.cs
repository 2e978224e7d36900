namespace IndieGent.Contracts.Marketplace;

/// <summary>
/// Ledger → Marketplace: the confirmed payout <paramref name="PayoutId"/> left the chain (a reorganisation deeper than the
/// confirmations). It is no longer a payout the provider received; Settlement sends the same transaction again, and a new
/// confirmation is announced as <see cref="ProviderPaidOut"/> again.
/// </summary>
/// <param name="PayoutAddress">0x + 40 hex digits, lower case.</param>
/// <param name="TxHash">The transaction that left the chain.</param>
public sealed record ProviderPayoutReorganisedOut(Guid PayoutId, string PayoutAddress, long Amount, string TxHash, DateTimeOffset At)
    : ICorrelatedMessage
{
    public Guid CorrelationId => PayoutId;
}
