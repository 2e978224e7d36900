namespace IndieGent.Contracts.Relaying;

/// <summary>Response: the relayer will not sign; <paramref name="Reason"/> is a stable name (see the Wallet's SigningRefusal).</summary>
public sealed record RelayedTransactionRefused(Guid RelayId, string Reason, string Detail) : ICorrelatedMessage
{
    public Guid CorrelationId => RelayId;
}
