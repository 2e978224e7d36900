using System.Numerics;

namespace IndieGent.Chain;

/// <summary>
/// The fields of an EIP-2612 <c>Permit</c>: <paramref name="Owner"/> sets <paramref name="Spender"/>'s
/// allowance to <paramref name="Value"/> base units, using the owner's current permit
/// <paramref name="Nonce"/> (the token's <c>nonces(owner)</c>), valid until <paramref name="Deadline"/>
/// (unix seconds, inclusive).
/// </summary>
public sealed record PermitAuthorization(
    EvmAddress Owner,
    EvmAddress Spender,
    BigInteger Value,
    BigInteger Nonce,
    BigInteger Deadline);
