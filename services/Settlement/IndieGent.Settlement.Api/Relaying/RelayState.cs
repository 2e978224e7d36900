namespace IndieGent.Settlement.Api.Relaying;

public enum RelayState
{
    /// <summary>A relayer nonce is taken for it and nothing is signed yet: the watcher signs (a relay or a cancellation) and sends.</summary>
    Reserved,

    /// <summary>A version is signed and recorded, not yet accepted by the node.</summary>
    Signed,

    /// <summary>The relay is broadcast; waiting to be mined and confirmed.</summary>
    Pending,

    /// <summary>The authorization cannot pay (expired, used, refused): a cancellation consumes the nonce.</summary>
    Cancelling,

    /// <summary>The relay was mined, succeeded, and is confirmed.</summary>
    Confirmed,

    /// <summary>It will never pay: cancelled, reverted, or the nonce went to something else.</summary>
    Failed,
}
