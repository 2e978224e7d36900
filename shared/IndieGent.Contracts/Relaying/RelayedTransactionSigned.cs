namespace IndieGent.Contracts.Relaying;

/// <summary>Response: a transaction the relayer <paramref name="Relayer"/> signed at <paramref name="Nonce"/>.</summary>
/// <param name="RawTransaction">0x-prefixed signed RLP: a bearer instrument until mined; never logged.</param>
public sealed record RelayedTransactionSigned(
    Guid RelayId, string Relayer, string Kind, long Nonce, string MaxFeePerGas, string MaxPriorityFeePerGas, string RawTransaction, string TxHash)
    : ICorrelatedMessage
{
    public Guid CorrelationId => RelayId;
}
