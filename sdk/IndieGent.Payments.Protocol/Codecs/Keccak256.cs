using System.Buffers.Binary;
using System.Numerics;

namespace IndieGent.Payments.Protocol.Codecs;

/// <summary>
/// Keccak-256 as Ethereum uses it: the original Keccak submission with multi-rate padding
/// <c>0x01 … 0x80</c>, not FIPS 202 SHA3-256 (domain byte <c>0x06</c>). The BCL has only the latter.
/// </summary>
public static class Keccak256
{
    /// <summary>The digest length in bytes.</summary>
    public const int HashSizeInBytes = 32;

    private const int RateInBytes = 136;

    private static readonly ulong[] RoundConstants =
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808AUL, 0x8000000080008000UL,
        0x000000000000808BUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008AUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000AUL,
        0x000000008000808BUL, 0x800000000000008BUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800AUL, 0x800000008000000AUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    private static readonly int[] Rotations = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44];

    private static readonly int[] PiLanes = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1];

    /// <summary>Computes the Keccak-256 digest of <paramref name="data"/>.</summary>
    /// <param name="data">The message.</param>
    /// <returns>The 32-byte digest.</returns>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new byte[HashSizeInBytes];
        Sponge(data, digest, 0x01);
        return digest;
    }

    /// <summary>Computes the Keccak-256 digest of <paramref name="data"/> into <paramref name="destination"/>.</summary>
    /// <param name="data">The message.</param>
    /// <param name="destination">At least 32 bytes.</param>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSizeInBytes)
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination));
        Sponge(data, destination[..HashSizeInBytes], 0x01);
    }

    /// <summary>
    /// The sponge with a selectable domain byte, so tests can check the permutation against the BCL's
    /// SHA3-256 (domain <c>0x06</c>) on arbitrary lengths.
    /// </summary>
    internal static void Sponge(ReadOnlySpan<byte> data, Span<byte> destination, byte domain)
    {
        Span<ulong> state = stackalloc ulong[25];
        state.Clear();
        while (data.Length >= RateInBytes)
        {
            Absorb(state, data[..RateInBytes]);
            Permute(state);
            data = data[RateInBytes..];
        }

        Span<byte> last = stackalloc byte[RateInBytes];
        last.Clear();
        data.CopyTo(last);
        last[data.Length] ^= domain;
        last[RateInBytes - 1] ^= 0x80;
        Absorb(state, last);
        Permute(state);

        for (var i = 0; i < HashSizeInBytes / 8; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(i * 8)..], state[i]);
    }

    private static void Absorb(Span<ulong> state, ReadOnlySpan<byte> block)
    {
        for (var i = 0; i < RateInBytes / 8; i++)
            state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
    }

    private static void Permute(Span<ulong> st)
    {
        Span<ulong> bc = stackalloc ulong[5];
        for (var round = 0; round < 24; round++)
        {
            for (var i = 0; i < 5; i++)
                bc[i] = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
            for (var i = 0; i < 5; i++)
            {
                var t = bc[(i + 4) % 5] ^ BitOperations.RotateLeft(bc[(i + 1) % 5], 1);
                for (var j = 0; j < 25; j += 5)
                    st[j + i] ^= t;
            }

            var carry = st[1];
            for (var i = 0; i < 24; i++)
            {
                var j = PiLanes[i];
                var next = st[j];
                st[j] = BitOperations.RotateLeft(carry, Rotations[i]);
                carry = next;
            }

            for (var j = 0; j < 25; j += 5)
            {
                for (var i = 0; i < 5; i++)
                    bc[i] = st[j + i];
                for (var i = 0; i < 5; i++)
                    st[j + i] ^= ~bc[(i + 1) % 5] & bc[(i + 2) % 5];
            }

            st[0] ^= RoundConstants[round];
        }
    }
}
