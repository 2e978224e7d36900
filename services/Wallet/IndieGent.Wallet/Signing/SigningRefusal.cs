namespace IndieGent.Wallet.Signing;

/// <summary>Why the signer refused; stable names for responses and problem types.</summary>
public enum SigningRefusal
{
    Malformed,
    UnknownAgent,
    AgentDisabled,

    /// <summary>No approval ticket, or one no trusted Ledger key signed.</summary>
    InvalidTicket,

    /// <summary>The ticket names another payment or agent.</summary>
    TicketMismatch,

    /// <summary>The ticket's time for a first signature has passed.</summary>
    TicketExpired,

    /// <summary>The ticket approves another credential kind (an authorization, not a transfer, or the reverse).</summary>
    WrongCredentialKind,
    WrongChain,
    WrongToken,
    WrongRecipient,
    AmountExceedsApproval,
    AlreadyExpired,
    AlreadySignedDifferently,

    /// <summary>A cancellation was asked for a payment whose transfer the Wallet never signed.</summary>
    NothingToCancel,

    /// <summary>The relayer was asked to sign a call that is not the token's <c>transferWithAuthorization</c>.</summary>
    NotTransferWithAuthorization,

    /// <summary>The relayed authorization is not the one the Wallet signed for this payment from the agent's wallet.</summary>
    ForeignAuthorization,

    /// <summary>The relayer nonce is already bound to another relay.</summary>
    NonceTaken,

    /// <summary>A transfer's amount is not exactly the one its ticket approves.</summary>
    AmountMismatch,

    /// <summary>A transfer's destination is not another wallet (agent or treasury) of the source's operator.</summary>
    ForeignDestination,

    /// <summary>A permit names a spender, or a Permit2 contract, the approval does not.</summary>
    WrongSpender,

    /// <summary>A permit's transfers are not exactly the recipient and splits the approval names.</summary>
    WrongSplits,
}
