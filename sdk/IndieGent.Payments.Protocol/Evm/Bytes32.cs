using System.Buffers.Binary;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Evm;

/// <summary>A 32-byte value written as <c>0x</c> plus 64 hex digits: transaction hashes, EIP-3009 nonces.</summary>
public readonly struct Bytes32 : IEquatable<Bytes32>
{
    /// <summary>The length in bytes.</summary>
    public const int Length = 32;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    private Bytes32(ReadOnlySpan<byte> bytes)
    {
        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>Creates a value from exactly 32 bytes.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">When the span is not 32 bytes long.</exception>
    public static Bytes32 FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length ? new Bytes32(bytes) : throw new ArgumentException("The value is 32 bytes.", nameof(bytes));

    /// <summary>Parses <c>0x</c> plus 64 hex digits.</summary>
    /// <param name="text">The hex text.</param>
    /// <param name="field">The field name to report on failure.</param>
    /// <returns>The value.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.InvalidParameter"/> when the text is not 32 hex bytes.</exception>
    public static Bytes32 Parse(ReadOnlySpan<char> text, string? field = null) =>
        TryParse(text, out var value)
            ? value
            : throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, "The value must be 0x-prefixed 32-byte hex.", field);

    /// <summary>Parses without throwing.</summary>
    /// <param name="text">The hex text.</param>
    /// <param name="value">The value, or zero on failure.</param>
    /// <returns><see langword="true"/> when the text is <c>0x</c> plus 64 hex digits.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out Bytes32 value)
    {
        value = default;
        if (text.Length != 2 + 2 * Length || !Hex.TryDecode(text, out var bytes))
            return false;
        value = new Bytes32(bytes);
        return true;
    }

    /// <summary>The 32 bytes.</summary>
    /// <returns>A new array.</returns>
    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _a);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), _b);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(16), _c);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(24), _d);
        return bytes;
    }

    /// <summary>Lowercase hex with <c>0x</c>.</summary>
    /// <returns>66 characters.</returns>
    public override string ToString() => Hex.Encode(ToBytes());

    /// <inheritdoc />
    public bool Equals(Bytes32 other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Bytes32 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);

    /// <summary>Value equality.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(Bytes32 left, Bytes32 right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(Bytes32 left, Bytes32 right) => !left.Equals(right);
}
