namespace IndieGent.Wallet.Signing;

/// <summary>Why the signer refused; stable names for messages and problem types.</summary>
public enum SigningRefusal
{
    Malformed,
    UnknownAgent,
    AgentDisabled,
    NotApproved,
    WrongChain,
    WrongToken,
    WrongRecipient,
    AmountExceedsApproval,
    AlreadyExpired,
    AlreadySignedDifferently,

    /// <summary>A cancellation was asked for a payment whose transfer the Wallet never signed.</summary>
    NothingToCancel,
}
