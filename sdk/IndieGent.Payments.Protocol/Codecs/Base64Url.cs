using System.Text;
using System.Text.Unicode;

namespace IndieGent.Payments.Protocol.Codecs;

/// <summary>
/// Base64url without padding (RFC 4648 §5), as MPP puts it on the wire. Decoding is strict: padding,
/// characters outside <c>A–Z a–z 0–9 - _</c>, an impossible length and non-zero unused trailing bits
/// are all rejected, so a given byte string has exactly one accepted encoding.
/// </summary>
public static class Base64Url
{
    /// <summary>Encodes bytes as unpadded base64url.</summary>
    /// <param name="data">The bytes to encode.</param>
    /// <returns>The unpadded base64url text.</returns>
    public static string Encode(ReadOnlySpan<byte> data) => Base64Core.Encode(data, url: true);

    /// <summary>Encodes the UTF-8 bytes of a string as unpadded base64url.</summary>
    /// <param name="text">The text to encode.</param>
    /// <returns>The unpadded base64url text.</returns>
    public static string EncodeUtf8(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encode(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Decodes strict unpadded base64url.</summary>
    /// <param name="text">The encoded text.</param>
    /// <returns>The decoded bytes.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.InvalidEncoding"/> when the text is not canonical base64url.</exception>
    public static byte[] Decode(ReadOnlySpan<char> text) =>
        TryDecode(text, out var bytes)
            ? bytes
            : throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidEncoding, "The value is not canonical unpadded base64url.");

    /// <summary>Decodes strict unpadded base64url without throwing.</summary>
    /// <param name="text">The encoded text.</param>
    /// <param name="bytes">The decoded bytes, or an empty array on failure.</param>
    /// <returns><see langword="true"/> when the text is canonical unpadded base64url.</returns>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes) => Base64Core.TryDecode(text, url: true, out bytes);

    /// <summary>Decodes strict unpadded base64url whose bytes must be well-formed UTF-8.</summary>
    /// <param name="text">The encoded text.</param>
    /// <returns>The decoded string.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.InvalidEncoding"/> for bad base64url or ill-formed UTF-8 (no U+FFFD substitution).</exception>
    public static string DecodeUtf8(ReadOnlySpan<char> text)
    {
        var bytes = Decode(text);
        if (!Utf8.IsValid(bytes))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidEncoding, "The decoded bytes are not well-formed UTF-8.");
        return Encoding.UTF8.GetString(bytes);
    }
}
