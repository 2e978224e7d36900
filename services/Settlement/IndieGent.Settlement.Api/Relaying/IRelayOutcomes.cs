namespace IndieGent.Settlement.Api.Relaying;

/// <summary>
/// What is published when a relay of one <see cref="RelayPurpose"/> moves: payments tell their saga
/// (TxBroadcast, Confirmed, SettlementFailed); a treasury transfer tells its own (TransferSubmitted, TransferSettled, TransferFailed). The relayer
/// itself knows nothing of payments.
/// </summary>
public interface IRelayOutcomes
{
    RelayPurpose Purpose { get; }

    /// <summary>The message for where <paramref name="relay"/> stands, or null when there is nothing to say yet.</summary>
    object? Outcome(RelayedTransfer relay);
}
