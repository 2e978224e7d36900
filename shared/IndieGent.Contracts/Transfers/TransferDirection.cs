namespace IndieGent.Contracts.Transfers;

/// <summary>Which way a relayed transfer between custodial wallets moves money.</summary>
public enum TransferDirection
{
    /// <summary>An operator's treasury → one of its agents.</summary>
    ToAgent,

    /// <summary>An agent → its operator's treasury.</summary>
    ToTreasury,

    /// <summary>An agent's settled marketplace spend → the marketplace settlement wallet (a net sweep).</summary>
    Sweep,

    /// <summary>The marketplace settlement wallet → a provider's payout address (a batched payout).</summary>
    Payout,
}
