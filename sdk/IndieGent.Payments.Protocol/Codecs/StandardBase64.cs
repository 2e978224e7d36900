namespace IndieGent.Payments.Protocol.Codecs;

/// <summary>
/// Standard padded base64 (RFC 4648 §4), as x402 carries its headers. Decoding is strict: the length
/// must be a multiple of four, padding appears only at the end, no whitespace, and unused trailing
/// bits must be zero.
/// </summary>
public static class StandardBase64
{
    /// <summary>Encodes bytes as padded standard base64.</summary>
    /// <param name="data">The bytes to encode.</param>
    /// <returns>The padded base64 text.</returns>
    public static string Encode(ReadOnlySpan<byte> data) => Base64Core.Encode(data, url: false);

    /// <summary>Decodes strict padded standard base64.</summary>
    /// <param name="text">The encoded text.</param>
    /// <returns>The decoded bytes.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.InvalidEncoding"/> when the text is not canonical base64.</exception>
    public static byte[] Decode(ReadOnlySpan<char> text) =>
        TryDecode(text, out var bytes)
            ? bytes
            : throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidEncoding, "The value is not canonical padded base64.");

    /// <summary>Decodes strict padded standard base64 without throwing.</summary>
    /// <param name="text">The encoded text.</param>
    /// <param name="bytes">The decoded bytes, or an empty array on failure.</param>
    /// <returns><see langword="true"/> when the text is canonical padded base64.</returns>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes) => Base64Core.TryDecode(text, url: false, out bytes);
}
