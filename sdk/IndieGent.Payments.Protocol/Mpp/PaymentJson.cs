using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IndieGent.Payments.Protocol.Mpp;

/// <summary>Compact JSON output shared by the encoders (no HTML escaping: the text only ever travels base64-encoded).</summary>
internal static class PaymentJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
            write(writer);
        return buffer.WrittenSpan.ToArray();
    }
}
