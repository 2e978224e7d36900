using System.Numerics;

namespace IndieGent.Chain;

/// <summary>
/// The fields of an EIP-3009 <c>TransferWithAuthorization</c> or <c>ReceiveWithAuthorization</c>:
/// <paramref name="From"/> lets <paramref name="Value"/> base units go to <paramref name="To"/> once,
/// strictly after <paramref name="ValidAfter"/> and strictly before <paramref name="ValidBefore"/>
/// (unix seconds, compared with the block time), under a 32-byte <paramref name="Nonce"/> that the
/// token refuses to see twice.
/// </summary>
/// <remarks>Equality compares <paramref name="Nonce"/> by reference, as for any record holding an array.</remarks>
public sealed record TransferAuthorization(
    EvmAddress From,
    EvmAddress To,
    BigInteger Value,
    BigInteger ValidAfter,
    BigInteger ValidBefore,
    byte[] Nonce)
{
    /// <summary>The 32-byte nonce; random per authorization (x402) or derived from the challenge (MPP).</summary>
    public byte[] Nonce { get; init; } = Nonce is { Length: 32 }
        ? Nonce
        : throw new ArgumentException("An EIP-3009 nonce is 32 bytes.", nameof(Nonce));

    /// <summary>The amount in base units; never negative.</summary>
    public BigInteger Value { get; init; } = Value.Sign >= 0
        ? Value
        : throw new ArgumentOutOfRangeException(nameof(Value), "An EIP-3009 value cannot be negative.");
}
