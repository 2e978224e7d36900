namespace IndieGent.Wallet.Relaying;

/// <summary>
/// A request for the relayer to sign, at relayer nonce <paramref name="Nonce"/>: the relay of an
/// EIP-3009 authorization (<paramref name="Calldata"/> is its <c>transferWithAuthorization</c>
/// call), or the cancellation that consumes the nonce. Fees are decimal wei.
/// </summary>
public sealed record RelaySigningRequest(
    Guid RelayId,
    Guid AgentId,
    RelayKind Kind,
    long ChainId,
    string Token,
    string Calldata,
    long GasLimit,
    string MaxFeePerGas,
    string MaxPriorityFeePerGas,
    long Nonce);
