namespace IndieGent.Funding.Onramp;

/// <summary>
/// An on-ramp order's life as the operator sees it. Only the chain completes an order: Coinbase's
/// word that it sent the USDC makes it <see cref="AwaitingChain"/>, and the confirmed deposit with
/// the same transaction hash makes it <see cref="Completed"/> (and is what the Ledger credits).
/// </summary>
public enum OnrampOrderStatus
{
    /// <summary>A checkout session exists; the operator has not paid yet.</summary>
    Created,

    /// <summary>Coinbase reports the purchase under way.</summary>
    InProgress,

    /// <summary>Coinbase reports success with a transaction hash; the deposit is not yet confirmed and credited.</summary>
    AwaitingChain,

    /// <summary>The deposit with Coinbase's transaction hash was credited to the wallet.</summary>
    Completed,

    /// <summary>Coinbase reports the purchase failed: nothing was delivered.</summary>
    Failed,
}

/// <summary>The order of an order's statuses: events arrive in any order and never move an order back.</summary>
public static class OnrampOrderStatuses
{
    public static bool IsFinal(this OnrampOrderStatus status) => status is OnrampOrderStatus.Completed or OnrampOrderStatus.Failed;

    /// <summary>
    /// Whether an order in <paramref name="current"/> may move to <paramref name="next"/>: forward only,
    /// and never out of a final status (a late "in progress" after "success" changes nothing, and a
    /// "failed" after Coinbase reported success with a hash is ignored — the chain decides from there).
    /// </summary>
    public static bool MayMove(OnrampOrderStatus current, OnrampOrderStatus next) =>
        !current.IsFinal() && Rank(next) > Rank(current) && !(current == OnrampOrderStatus.AwaitingChain && next == OnrampOrderStatus.Failed);

    private static int Rank(OnrampOrderStatus status) => status switch
    {
        OnrampOrderStatus.Created => 0,
        OnrampOrderStatus.InProgress => 1,
        OnrampOrderStatus.AwaitingChain => 2,
        _ => 3,
    };
}
