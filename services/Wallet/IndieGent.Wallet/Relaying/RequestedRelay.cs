using IndieGent.Chain;

namespace IndieGent.Wallet.Relaying;

/// <summary>
/// A well-formed <see cref="RelaySigningRequest"/>: the call decoded — a <c>transferWithAuthorization</c> (<see cref="Call"/>) or
/// an EIP-2612 <c>permit</c> (<see cref="Permit"/>); neither for a cancellation — fees within the limits.
/// </summary>
public sealed record RequestedRelay(long ChainId, EvmAddress Token, RelayedAuthorization? Call, byte[] Calldata, long GasLimit,
    System.Numerics.BigInteger MaxFeePerGas, System.Numerics.BigInteger MaxPriorityFeePerGas, RelayedPermit? Permit = null)
{
    /// <summary>Unix seconds from which the carried call can no longer succeed.</summary>
    public long? EndsAt => Call is { } call ? (long)call.Authorization.ValidBefore : Permit is { } permit ? (long)permit.Deadline + 1 : null;
}
