using IndieGent.Contracts.Payments;
using IndieGent.Contracts.Relaying;
using IndieGent.Settlement.Api.Chain;
using IndieGent.Settlement.Api.Relaying;
using Microsoft.Extensions.Options;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>
/// A payment's relay, told to the payment saga in its own messages: <see cref="TxBroadcast"/> once
/// the relay is with the node, <see cref="Confirmed"/> with the <c>hash</c> credential (MPP or the
/// older dialect; the payer is the agent's wallet, whose money the transfer moved) once confirmed,
/// <see cref="SettlementFailed"/> when it cannot pay.
/// </summary>
public sealed class PaymentRelayOutcomes(IOptions<ChainOptions> chain) : IRelayOutcomes
{
    public RelayPurpose Purpose => RelayPurpose.Payment;

    public object? Outcome(RelayedTransfer relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        return relay.State switch
        {
            RelayState.Confirmed => new Confirmed(relay.Id, relay.TxHash!, relay.BlockNumber!.Value, relay.Value, relay.UpdatedAt,
                PaymentCredentials.ForHash(relay.Payment!.Protocol, relay.Payment.Challenge, chain.Value.ChainId, relay.From, relay.TxHash!)),
            RelayState.Failed => new SettlementFailed(relay.Id, Reason(relay.Failure), relay.TxHash, relay.UpdatedAt,
                $"The platform's relay of the payment did not pay ({relay.Failure})."),
            RelayState.Pending when relay.Latest is { Kind: SignRelayedTransaction.Relay } latest =>
                new TxBroadcast(relay.Id, latest.Hash, relay.Nonce, null, relay.UpdatedAt),
            _ => null,
        };
    }

    private static PaymentReason Reason(RelayFailure? failure) => failure switch
    {
        RelayFailure.AuthorizationExpired => PaymentReason.AuthorizationExpired,
        RelayFailure.Reverted => PaymentReason.TransferReverted,
        RelayFailure.NonceUsedElsewhere => PaymentReason.NonceUsedElsewhere,
        RelayFailure.AuthorizationUsed => PaymentReason.CredentialUnused,
        _ => PaymentReason.SigningRefused,
    };
}
