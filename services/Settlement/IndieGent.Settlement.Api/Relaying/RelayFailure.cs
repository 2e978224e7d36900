namespace IndieGent.Settlement.Api.Relaying;

/// <summary>Why a relayed transfer did not pay.</summary>
public enum RelayFailure
{
    /// <summary>The authorization's validBefore passed before it was mined; its nonce was cancelled.</summary>
    AuthorizationExpired,

    /// <summary>The token reports the authorization used or cancelled by another transaction; its nonce was cancelled.</summary>
    AuthorizationUsed,

    /// <summary>The Wallet would not sign the relay; its nonce was cancelled.</summary>
    Refused,

    /// <summary>The relay was mined and reverted (the nonce is consumed all the same).</summary>
    Reverted,

    /// <summary>The nonce was used by a transaction that is none of this relay's versions.</summary>
    NonceUsedElsewhere,
}
