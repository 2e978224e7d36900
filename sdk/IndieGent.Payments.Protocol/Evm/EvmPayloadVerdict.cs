namespace IndieGent.Payments.Protocol.Evm;

/// <summary>The outcome of the checks on an evm credential that need no chain access.</summary>
public enum EvmPayloadVerdict
{
    /// <summary>Nothing contradicts the challenge; signature and chain checks remain.</summary>
    Valid = 0,

    /// <summary>The payload type is not in the request's (effective) <c>credentialTypes</c>.</summary>
    CredentialTypeNotOffered = 1,

    /// <summary>The request has splits, which only <c>permit2</c> can pay.</summary>
    SplitsRequirePermit2 = 2,

    /// <summary>The authorization's <c>to</c> is not the request's recipient.</summary>
    RecipientMismatch = 3,

    /// <summary>The authorization's <c>value</c> is not the request's amount.</summary>
    AmountMismatch = 4,

    /// <summary>The authorization's nonce is not keccak256(id ‖ realm) of the echoed challenge.</summary>
    ChallengeHashMismatch = 5,

    /// <summary>The authorization's <c>validAfter</c> is in the future.</summary>
    NotYetValid = 6,

    /// <summary>The authorization's <c>validBefore</c> (or the permit's <c>deadline</c>) has passed.</summary>
    AuthorizationExpired = 7,

    /// <summary>The permit's transfers are not the request's: the primary recipient with the remainder, then each split.</summary>
    TransfersMismatch = 8,

    /// <summary>The permit moves another token than the request's currency, or permits less than it transfers.</summary>
    PermissionMismatch = 9,
}
