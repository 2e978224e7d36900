namespace IndieGent.Contracts.Payments;

/// <summary>The payment's transfer reached the configured confirmations on chain.</summary>
/// <param name="Amount">Base units actually transferred (decimal string).</param>
/// <param name="Credential">The credential, when it only became usable now: a <c>hash</c> credential
/// names a transfer the merchant checks on chain, so it is handed out once the transfer is confirmed.</param>
/// <param name="Shares">When the payment reached several recipients (a <c>permit2</c> with splits): what each received,
/// summing to <paramref name="Amount"/>.</param>
public sealed record Confirmed(Guid PaymentId, string TxHash, long BlockNumber, string Amount, DateTimeOffset At, string? Credential = null,
    IReadOnlyList<PaymentSplit>? Shares = null)
    : ICorrelatedMessage
{
    public Guid CorrelationId => PaymentId;
}
