using IndieGent.Chain;

namespace IndieGent.Wallet.Relaying;

/// <summary>A well-formed <see cref="RelaySigningRequest"/>: the call decoded (null for a cancellation), fees within the limits.</summary>
public sealed record RequestedRelay(long ChainId, EvmAddress Token, RelayedAuthorization? Call, byte[] Calldata, long GasLimit,
    System.Numerics.BigInteger MaxFeePerGas, System.Numerics.BigInteger MaxPriorityFeePerGas);
