using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;

namespace IndieGent.Chain;

/// <summary>
/// A 65-byte secp256k1 signature <c>r ‖ s ‖ v</c> as Ethereum wallets produce it, with <c>v</c> 27 or 28.
/// This byte layout is what the token's <c>bytes signature</c> overloads and x402/MPP payloads carry.
/// </summary>
public sealed class EvmSignature : IEquatable<EvmSignature>
{
    /// <summary>Length of the encoded signature in bytes.</summary>
    public const int Length = 65;

    // secp256k1n / 2; the token rejects any larger s (EIP-2 malleability rule).
    private static readonly BigInteger _halfCurveOrder =
        BigInteger.Parse("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", System.Globalization.NumberStyles.HexNumber);

    private readonly byte[] _bytes;

    private EvmSignature(byte[] bytes) => _bytes = bytes;

    /// <summary>Copies a 65-byte <c>r ‖ s ‖ v</c> signature.</summary>
    /// <exception cref="ArgumentException">The span is not 65 bytes long.</exception>
    public static EvmSignature FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length
            ? new EvmSignature(bytes.ToArray())
            : throw new ArgumentException($"A signature is {Length} bytes (r ‖ s ‖ v), not {bytes.Length}.", nameof(bytes));

    /// <summary>Parses <c>0x</c> + 130 hex digits.</summary>
    /// <exception cref="FormatException">The text is not a 65-byte hex string.</exception>
    public static EvmSignature Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (!hex.StartsWith("0x", StringComparison.Ordinal) || hex.Length != 2 + 2 * Length)
        {
            throw new FormatException($"A signature is '0x' followed by {2 * Length} hex digits.");
        }

        return new EvmSignature(Convert.FromHexString(hex.AsSpan(2)));
    }

    /// <summary>Builds the signature from its components.</summary>
    public static EvmSignature FromComponents(byte v, ReadOnlySpan<byte> r, ReadOnlySpan<byte> s)
    {
        if (r.Length != 32 || s.Length != 32)
        {
            throw new ArgumentException("r and s are 32 bytes each.");
        }

        var bytes = new byte[Length];
        r.CopyTo(bytes);
        s.CopyTo(bytes.AsSpan(32));
        bytes[64] = v;
        return new EvmSignature(bytes);
    }

    /// <summary>The recovery byte, 27 or 28 for signatures made by Nethereum and wallets.</summary>
    public byte V => _bytes[64];

    /// <summary>The 32-byte r value (a copy).</summary>
    public byte[] R => _bytes[..32];

    /// <summary>The 32-byte s value (a copy).</summary>
    public byte[] S => _bytes[32..64];

    /// <summary>True when s is in the lower half of the curve order, as the token requires.</summary>
    public bool IsLowS => new BigInteger(_bytes.AsSpan(32, 32), isUnsigned: true, isBigEndian: true) <= _halfCurveOrder;

    /// <summary>The 65 bytes <c>r ‖ s ‖ v</c> (a copy).</summary>
    public byte[] ToByteArray() => (byte[])_bytes.Clone();

    /// <summary><c>0x</c> + 130 lower-case hex digits.</summary>
    public string ToHex() => _bytes.ToHex(prefix: true);

    /// <inheritdoc cref="ToHex"/>
    public override string ToString() => ToHex();

    /// <inheritdoc/>
    public bool Equals(EvmSignature? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as EvmSignature);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }
}
