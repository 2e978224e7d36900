namespace IndieGent.Contracts.Marketplace;

/// <summary>
/// Ledger → Marketplace: a payout to a provider's payout address is confirmed on chain (published
/// with the step that books it, once), so the provider sees what it was paid and by which transaction.
/// </summary>
/// <param name="PayoutAddress">0x + 40 hex digits, lower case.</param>
/// <param name="Amount">Base units of the token.</param>
public sealed record ProviderPaidOut(Guid PayoutId, string PayoutAddress, long Amount, string TxHash, long BlockNumber, DateTimeOffset At)
    : ICorrelatedMessage
{
    public Guid CorrelationId => PayoutId;
}
