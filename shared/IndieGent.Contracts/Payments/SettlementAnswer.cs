namespace IndieGent.Contracts.Payments;

/// <summary>
/// Settlement's answer on the request path (<c>POST /internal/payments/settle</c>): the outcome it
/// also publishes to the saga, in one shape. <see cref="PaymentStatus.Settling"/> means the
/// transfer is signed and not yet taken by the node.
/// </summary>
/// <param name="Reason">Why it failed or expired, when it did.</param>
public sealed record SettlementAnswer(PaymentStatus Status, string? Credential, DateTimeOffset? ValidBefore, string? TxHash, PaymentReason? Reason,
    string? Detail = null)
{
    /// <summary>The answer an outcome message gives; <paramref name="outcome"/> null means still settling.</summary>
    public static SettlementAnswer Of(object? outcome) => outcome switch
    {
        CredentialIssued c => new(PaymentStatus.Authorized, c.Credential, c.ValidBefore, null, null),
        TxBroadcast b => new(PaymentStatus.Broadcast, b.Credential, null, b.TxHash, null),
        Confirmed c => new(PaymentStatus.Settled, c.Credential, null, c.TxHash, null),
        SettlementFailed f => new(f.MeansExpired ? PaymentStatus.Expired : PaymentStatus.Failed, null, null, f.TxHash, f.Reason, f.Detail),
        null => new(PaymentStatus.Settling, null, null, null, null),
        _ => throw new ArgumentException($"{outcome.GetType().Name} is not a settlement outcome.", nameof(outcome)),
    };
}
