namespace IndieGent.Settlement.Api.Relaying;

/// <summary>What a relayed transfer is for: who hears of its outcome (see <see cref="IRelayOutcomes"/>).</summary>
public enum RelayPurpose
{
    /// <summary>A <c>hash</c> (or older dialect) payment: the payment saga hears Confirmed / SettlementFailed.</summary>
    Payment,

    /// <summary>A transfer between an operator's treasury and one of its agents: the transfer saga hears TransferSettled / TransferFailed.</summary>
    Transfer,

    /// <summary>
    /// An agent wallet's EIP-2612 permit letting Permit2 move its tokens, relayed for the first <c>permit2</c> payment that needs
    /// it (id = that payment's): nobody hears of it; the payment waits for the allowance on chain.
    /// </summary>
    Permit2Allowance,
}
