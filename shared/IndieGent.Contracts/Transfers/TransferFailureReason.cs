namespace IndieGent.Contracts.Transfers;

/// <summary>Why a transfer did not move money on chain; its hold is voided.</summary>
public enum TransferFailureReason
{
    /// <summary>The Wallet would not sign the source's authorization (or the relay of it).</summary>
    SigningRefused,

    /// <summary>The relayer could not pay the gas, or Settlement never answered in time.</summary>
    SettlementUnavailable,

    /// <summary>The authorization expired before the relay was mined; its relayer nonce was cancelled.</summary>
    AuthorizationExpired,

    /// <summary>The relay was mined and reverted.</summary>
    TransferReverted,

    /// <summary>The relayer nonce went to another transaction, or the authorization was used elsewhere.</summary>
    RelayLost,
}
