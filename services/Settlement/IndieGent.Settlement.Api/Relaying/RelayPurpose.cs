namespace IndieGent.Settlement.Api.Relaying;

/// <summary>What a relayed transfer is for: who hears of its outcome (see <see cref="IRelayOutcomes"/>).</summary>
public enum RelayPurpose
{
    /// <summary>A <c>hash</c> (or older dialect) payment: the payment saga hears Confirmed / SettlementFailed.</summary>
    Payment,

    /// <summary>A transfer between an operator's treasury and one of its agents: the transfer saga hears TransferSettled / TransferFailed.</summary>
    Transfer,
}
