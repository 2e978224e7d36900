using IndieGent.Onramp.Simulator.Sessions;

namespace IndieGent.Onramp.Simulator.Purchases;

/// <summary>
/// A purchase made through a session, immutable: each change of state is a new value. It exists
/// from the moment the user pays, as on Coinbase (a session nobody paid has no transaction).
/// </summary>
public sealed record OnrampTransaction(
    Guid TransactionId,
    string Status,
    PurchaseTerms Terms,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt = null,
    string? TxHash = null,
    string FailureReason = Purchases.FailureReason.Unspecified)
{
    public OnrampTransaction Succeeded(string txHash, DateTimeOffset at) =>
        this with { Status = TransactionStatus.Success, TxHash = txHash, CompletedAt = at };

    public OnrampTransaction Failed(string reason, DateTimeOffset at) =>
        this with { Status = TransactionStatus.Failed, FailureReason = reason, CompletedAt = at };
}
