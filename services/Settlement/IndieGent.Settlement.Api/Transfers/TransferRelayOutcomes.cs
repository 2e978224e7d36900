using IndieGent.Contracts.Relaying;
using IndieGent.Contracts.Transfers;
using IndieGent.Settlement.Api.Relaying;

namespace IndieGent.Settlement.Api.Transfers;

/// <summary>
/// A treasury ↔ agent transfer's relay, told to the Ledger's transfer saga: <see cref="TransferSubmitted"/>
/// once the relay is with the node, <see cref="TransferSettled"/> once confirmed, <see cref="TransferFailed"/>
/// when it cannot pay.
/// </summary>
public sealed class TransferRelayOutcomes : IRelayOutcomes
{
    public RelayPurpose Purpose => RelayPurpose.Transfer;

    public object? Outcome(RelayedTransfer relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        return relay.State switch
        {
            RelayState.Confirmed => new TransferSettled(relay.Id, relay.TxHash!, relay.BlockNumber!.Value, relay.Value, relay.UpdatedAt),
            RelayState.Failed => new TransferFailed(relay.Id, Reason(relay.Failure), relay.TxHash, relay.UpdatedAt,
                $"The platform's relay of the transfer did not pay ({relay.Failure})."),
            RelayState.Pending when relay.Latest is { Kind: SignRelayedTransaction.Relay } latest => new TransferSubmitted(relay.Id, latest.Hash, relay.UpdatedAt),
            _ => null,
        };
    }

    private static TransferFailureReason Reason(RelayFailure? failure) => failure switch
    {
        RelayFailure.AuthorizationExpired => TransferFailureReason.AuthorizationExpired,
        RelayFailure.Reverted => TransferFailureReason.TransferReverted,
        RelayFailure.AuthorizationUsed or RelayFailure.NonceUsedElsewhere => TransferFailureReason.RelayLost,
        _ => TransferFailureReason.SigningRefused,
    };
}
