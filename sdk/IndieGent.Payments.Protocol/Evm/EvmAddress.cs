using System.Buffers.Binary;
using System.Text;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Evm;

/// <summary>
/// A 20-byte EVM address. Equality is by value, so <c>0xabc…</c> and <c>0xABC…</c> are the same
/// address, as draft-evm-charge requires. <see cref="ToString"/> writes the EIP-55 checksum form.
/// </summary>
public readonly struct EvmAddress : IEquatable<EvmAddress>
{
    /// <summary>The address length in bytes.</summary>
    public const int Length = 20;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly uint _c;

    private EvmAddress(ReadOnlySpan<byte> bytes)
    {
        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
    }

    /// <summary>The all-zero address.</summary>
    public static EvmAddress Zero => default;

    /// <summary>Creates an address from exactly 20 bytes.</summary>
    /// <param name="bytes">The address bytes.</param>
    /// <returns>The address.</returns>
    /// <exception cref="ArgumentException">When the span is not 20 bytes long.</exception>
    public static EvmAddress FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length ? new EvmAddress(bytes) : throw new ArgumentException("An address is 20 bytes.", nameof(bytes));

    /// <summary>Parses <c>0x</c> followed by 40 hex digits, any letter case (checksums are not enforced).</summary>
    /// <param name="text">The address text.</param>
    /// <param name="field">The field name to report on failure.</param>
    /// <returns>The address.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.InvalidParameter"/> when the text is not an address.</exception>
    public static EvmAddress Parse(ReadOnlySpan<char> text, string? field = null) =>
        TryParse(text, out var address)
            ? address
            : throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, "The value must be a 0x-prefixed 20-byte hex address.", field);

    /// <summary>Parses an address without throwing.</summary>
    /// <param name="text">The address text.</param>
    /// <param name="address">The address, or <see cref="Zero"/> on failure.</param>
    /// <returns><see langword="true"/> when the text is <c>0x</c> plus 40 hex digits.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out EvmAddress address)
    {
        address = default;
        if (text.Length != 2 + 2 * Length || !Hex.TryDecode(text, out var bytes))
            return false;
        address = new EvmAddress(bytes);
        return true;
    }

    /// <summary>Whether mixed-case text carries a valid EIP-55 checksum (all-lower and all-upper forms carry none and pass).</summary>
    /// <param name="text">The address text.</param>
    /// <returns><see langword="true"/> when the text parses and its letter case is consistent with EIP-55.</returns>
    public static bool HasValidChecksum(ReadOnlySpan<char> text)
    {
        if (!TryParse(text, out var address))
            return false;
        var digits = text[2..];
        bool hasLower = false, hasUpper = false;
        foreach (var c in digits)
        {
            hasLower |= c is >= 'a' and <= 'f';
            hasUpper |= c is >= 'A' and <= 'F';
        }

        return !(hasLower && hasUpper) || digits.SequenceEqual(address.ToString().AsSpan(2));
    }

    /// <summary>The 20 address bytes.</summary>
    /// <returns>A new array.</returns>
    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Writes the 20 address bytes.</summary>
    /// <param name="destination">At least 20 bytes.</param>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _c);
    }

    /// <summary>The lowercase hex form.</summary>
    /// <returns><c>0x</c> plus 40 lowercase hex digits.</returns>
    public string ToLowerHex() => Hex.Encode(ToBytes());

    /// <summary>The EIP-55 mixed-case checksum form.</summary>
    /// <returns><c>0x</c> plus 40 hex digits, letters cased by the Keccak-256 of the lowercase form.</returns>
    public override string ToString()
    {
        var lower = Convert.ToHexStringLower(ToBytes());
        var hash = Keccak256.Hash(Encoding.ASCII.GetBytes(lower));
        var result = new StringBuilder("0x", 42);
        for (var i = 0; i < lower.Length; i++)
        {
            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0F;
            var c = lower[i];
            result.Append(c is >= 'a' and <= 'f' && nibble >= 8 ? char.ToUpperInvariant(c) : c);
        }

        return result.ToString();
    }

    /// <inheritdoc />
    public bool Equals(EvmAddress other) => _a == other._a && _b == other._b && _c == other._c;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EvmAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c);

    /// <summary>Value equality.</summary>
    /// <param name="left">The left address.</param>
    /// <param name="right">The right address.</param>
    /// <returns><see langword="true"/> when the 20 bytes are equal.</returns>
    public static bool operator ==(EvmAddress left, EvmAddress right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    /// <param name="left">The left address.</param>
    /// <param name="right">The right address.</param>
    /// <returns><see langword="true"/> when the 20 bytes differ.</returns>
    public static bool operator !=(EvmAddress left, EvmAddress right) => !left.Equals(right);
}
