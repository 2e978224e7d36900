namespace IndieGent.Wallet.Relaying;

/// <summary>
/// What the relayer signed for one relay (id = relay id): its nonce, fixed at the first signature,
/// the call it carries (empty when the first thing signed was a cancellation), and every version
/// at that nonce. At most one version is ever mined, so a relay pays at most once.
/// </summary>
public sealed record IssuedRelay(
    Guid Id,
    Guid AgentId,
    string Relayer,
    long ChainId,
    string Token,
    string Calldata,
    long GasLimit,
    long Nonce,
    IReadOnlyList<SignedRelayVersion> Versions);
