namespace IndieGent.Wallet.Relaying;

/// <summary>What the relayer signs at a relay's nonce.</summary>
public enum RelayKind
{
    /// <summary>The token's <c>transferWithAuthorization</c>, sent by the relayer.</summary>
    Relay,

    /// <summary>Nothing, from the relayer to itself at the relay's nonce: the nonce is used, the authorization not.</summary>
    Cancel,
}
