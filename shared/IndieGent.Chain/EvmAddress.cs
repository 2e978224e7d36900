using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Nethereum.Util;

namespace IndieGent.Chain;

/// <summary>
/// A 20-byte EVM account or contract address. Two addresses are equal when their bytes are equal,
/// whatever the letter case of the text they were parsed from. <c>default</c> is the zero address.
/// </summary>
/// <remarks>
/// Parsing accepts exactly <c>0x</c> followed by 40 hex digits. All-lower-case and all-upper-case
/// digits are taken as they are; mixed case must be a valid EIP-55 checksum, because a mixed-case
/// address with a wrong checksum is almost always a typo. Formatting produces the EIP-55 form.
/// </remarks>
[JsonConverter(typeof(EvmAddressJsonConverter))]
public readonly struct EvmAddress : IEquatable<EvmAddress>, ISpanParsable<EvmAddress>
{
    /// <summary>Length of an address in bytes.</summary>
    public const int Length = 20;

    // Three fields instead of an array: a value with no allocation and byte-wise equality for free.
    private readonly ulong _head;
    private readonly ulong _middle;
    private readonly uint _tail;

    private EvmAddress(ReadOnlySpan<byte> bytes)
    {
        _head = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _middle = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _tail = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
    }

    /// <summary>The zero address (<c>0x0000…0000</c>).</summary>
    public static EvmAddress Zero => default;

    /// <summary>True for the zero address.</summary>
    public bool IsZero => _head == 0 && _middle == 0 && _tail == 0;

    /// <summary>Wraps exactly 20 bytes.</summary>
    /// <exception cref="ArgumentException">The span is not 20 bytes long.</exception>
    public static EvmAddress FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length
            ? new EvmAddress(bytes)
            : throw new ArgumentException($"An EVM address is {Length} bytes, not {bytes.Length}.", nameof(bytes));

    /// <summary>Parses <c>0x</c> + 40 hex digits (see the type remarks for the letter-case rule).</summary>
    /// <exception cref="FormatException">The text is not a valid address.</exception>
    public static EvmAddress Parse(string text) => Parse(text.AsSpan());

    /// <inheritdoc cref="Parse(string)"/>
    public static EvmAddress Parse(ReadOnlySpan<char> text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);

    /// <summary>Parses an address, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out EvmAddress address) =>
        TryParse(text.AsSpan(), out address, out _);

    /// <summary>Parses an address, returning false instead of throwing.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out EvmAddress address) => TryParse(text, out address, out _);

    static EvmAddress IParsable<EvmAddress>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<EvmAddress>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out EvmAddress result) =>
        TryParse(s, out result);

    static EvmAddress ISpanParsable<EvmAddress>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<EvmAddress>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out EvmAddress result) =>
        TryParse(s, out result);

    private static bool TryParse(ReadOnlySpan<char> text, out EvmAddress address, out string error)
    {
        address = default;
        if (text.Length != 2 + 2 * Length || text[0] != '0' || text[1] != 'x')
        {
            error = $"An EVM address is '0x' followed by {2 * Length} hex digits; got {text.Length} characters.";
            return false;
        }

        var digits = text[2..];
        Span<byte> bytes = stackalloc byte[Length];
        if (Convert.FromHexString(digits, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            error = "An EVM address contains only hex digits after '0x'.";
            return false;
        }

        var hasLower = digits.IndexOfAnyInRange('a', 'f') >= 0;
        var hasUpper = digits.IndexOfAnyInRange('A', 'F') >= 0;
        address = new EvmAddress(bytes);
        if (hasLower && hasUpper && !digits.SequenceEqual(address.ToChecksumHex().AsSpan(2)))
        {
            address = default;
            error = "The EVM address has mixed letter case but is not a valid EIP-55 checksum address.";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Writes the 20 bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination needs {Length} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _head);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _middle);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _tail);
    }

    /// <summary>A new array with the 20 bytes.</summary>
    public byte[] ToByteArray()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary><c>0x</c> + 40 lower-case hex digits.</summary>
    public string ToLowerHex()
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteTo(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    /// <summary>The EIP-55 mixed-case checksum form, e.g. <c>0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266</c>.</summary>
    public string ToChecksumHex()
    {
        var lower = ToLowerHex()[2..];
        var hash = Sha3Keccack.Current.CalculateHash(System.Text.Encoding.ASCII.GetBytes(lower));
        return string.Create(2 + lower.Length, (lower, hash), static (chars, state) =>
        {
            chars[0] = '0';
            chars[1] = 'x';
            for (var i = 0; i < state.lower.Length; i++)
            {
                var c = state.lower[i];
                // The i-th hex digit of the hash decides the case of the i-th address digit.
                var nibble = (i % 2 == 0 ? state.hash[i / 2] >> 4 : state.hash[i / 2]) & 0xF;
                chars[2 + i] = c is >= 'a' and <= 'f' && nibble >= 8 ? char.ToUpperInvariant(c) : c;
            }
        });
    }

    /// <summary>The EIP-55 checksum form.</summary>
    public override string ToString() => ToChecksumHex();

    /// <inheritdoc/>
    public bool Equals(EvmAddress other) => _head == other._head && _middle == other._middle && _tail == other._tail;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EvmAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_head, _middle, _tail);

    /// <summary>Byte-wise equality.</summary>
    public static bool operator ==(EvmAddress left, EvmAddress right) => left.Equals(right);

    /// <summary>Byte-wise inequality.</summary>
    public static bool operator !=(EvmAddress left, EvmAddress right) => !left.Equals(right);
}
