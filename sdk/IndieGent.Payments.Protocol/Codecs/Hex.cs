namespace IndieGent.Payments.Protocol.Codecs;

/// <summary><c>0x</c>-prefixed hexadecimal as EVM tooling writes it.</summary>
public static class Hex
{
    /// <summary>Encodes bytes as lowercase hex with a <c>0x</c> prefix.</summary>
    /// <param name="data">The bytes to encode.</param>
    /// <returns>The hex text.</returns>
    public static string Encode(ReadOnlySpan<byte> data) => "0x" + Convert.ToHexStringLower(data);

    /// <summary>Decodes <c>0x</c>-prefixed hex of even length (either letter case).</summary>
    /// <param name="text">The hex text.</param>
    /// <returns>The decoded bytes.</returns>
    /// <exception cref="PaymentProtocolException">With <see cref="PaymentProtocolErrorCode.InvalidEncoding"/> when the text is not prefixed, even-length hex.</exception>
    public static byte[] Decode(ReadOnlySpan<char> text) =>
        TryDecode(text, out var bytes)
            ? bytes
            : throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidEncoding, "The value is not 0x-prefixed even-length hex.");

    /// <summary>Decodes <c>0x</c>-prefixed hex of even length without throwing.</summary>
    /// <param name="text">The hex text.</param>
    /// <param name="bytes">The decoded bytes, or an empty array on failure.</param>
    /// <returns><see langword="true"/> when the text is prefixed, even-length hex.</returns>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length < 2 || text[0] != '0' || text[1] != 'x' || (text.Length & 1) != 0)
            return false;
        var digits = text[2..];
        var output = new byte[digits.Length / 2];
        for (var i = 0; i < output.Length; i++)
        {
            int hi = Nibble(digits[2 * i]), lo = Nibble(digits[2 * i + 1]);
            if ((hi | lo) < 0)
                return false;
            output[i] = (byte)((hi << 4) | lo);
        }

        bytes = output;
        return true;
    }

    internal static int Nibble(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
