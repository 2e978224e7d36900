namespace IndieGent.Settlement.Api.Relaying;

/// <summary>What a relayed transfer is for: who hears of its outcome (see <see cref="IRelayOutcomes"/>).</summary>
public enum RelayPurpose
{
    /// <summary>A <c>hash</c> (or older dialect) payment: the payment saga hears Confirmed / SettlementFailed.</summary>
    Payment,
}
