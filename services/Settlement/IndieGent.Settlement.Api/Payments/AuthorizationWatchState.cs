namespace IndieGent.Settlement.Api.Payments;

public enum AuthorizationWatchState
{
    /// <summary>Issued; neither used nor expired in the confirmed blocks scanned so far.</summary>
    Watching,

    /// <summary>Used on chain (AuthorizationUsed) in a confirmed block.</summary>
    Confirmed,

    /// <summary>A confirmed block at or after validBefore exists and the authorization was not used before it.</summary>
    Expired,
}
